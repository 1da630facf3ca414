import { decodeText } from './decode-text.js';

/** The families the built-in engine inspects differently. */
export type TypeFamily =
  | 'pdf'
  | 'zip'
  | 'ole'
  | 'gzip'
  | 'image'
  | 'text'
  | 'executable'
  | 'script'
  | 'other-archive'
  | 'unknown';

/** A content type detected from the bytes alone. */
export interface DetectedType {
  readonly family: TypeFamily;
  /** A MIME type, or a short description for what has none (`application/x-elf`). */
  readonly mime: string;
}

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0): boolean =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

interface Magic {
  readonly bytes: readonly number[];
  readonly at?: number;
  readonly type: DetectedType;
}

const exe = (mime: string): DetectedType => ({ family: 'executable', mime });
const archive = (mime: string): DetectedType => ({ family: 'other-archive', mime });

// Signatures from each format's specification; the order matters only where one prefixes another.
const magics: readonly Magic[] = [
  { bytes: ascii('MZ'), type: exe('application/x-msdownload') },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], type: exe('application/x-elf') },
  // Mach-O thin (32/64-bit, both byte orders) and fat/universal binaries. 0xCAFEBABE is also a
  // Java class file: refused either way.
  { bytes: [0xfe, 0xed, 0xfa, 0xce], type: exe('application/x-mach-binary') },
  { bytes: [0xfe, 0xed, 0xfa, 0xcf], type: exe('application/x-mach-binary') },
  { bytes: [0xce, 0xfa, 0xed, 0xfe], type: exe('application/x-mach-binary') },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], type: exe('application/x-mach-binary') },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], type: exe('application/x-mach-binary') },
  { bytes: [0xca, 0xfe, 0xba, 0xbf], type: exe('application/x-mach-binary') },
  { bytes: [0xbe, 0xba, 0xfe, 0xca], type: exe('application/x-mach-binary') },
  { bytes: ascii('dex\n'), type: exe('application/vnd.android.dex') },
  { bytes: [0x00, 0x61, 0x73, 0x6d], type: exe('application/wasm') },
  { bytes: ascii('#!'), type: { family: 'script', mime: 'text/x-shellscript' } },
  { bytes: ascii('PK\x03\x04'), type: { family: 'zip', mime: 'application/zip' } },
  { bytes: ascii('PK\x05\x06'), type: { family: 'zip', mime: 'application/zip' } },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    type: { family: 'ole', mime: 'application/x-ole-storage' },
  },
  { bytes: [0x1f, 0x8b], type: { family: 'gzip', mime: 'application/gzip' } },
  { bytes: [0x89, ...ascii('PNG\r\n\x1a\n')], type: { family: 'image', mime: 'image/png' } },
  { bytes: [0xff, 0xd8, 0xff], type: { family: 'image', mime: 'image/jpeg' } },
  { bytes: ascii('GIF87a'), type: { family: 'image', mime: 'image/gif' } },
  { bytes: ascii('GIF89a'), type: { family: 'image', mime: 'image/gif' } },
  { bytes: ascii('WEBP'), at: 8, type: { family: 'image', mime: 'image/webp' } },
  { bytes: ascii('Rar!\x1a\x07'), type: archive('application/vnd.rar') },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], type: archive('application/x-7z-compressed') },
  { bytes: ascii('ustar'), at: 257, type: archive('application/x-tar') },
  { bytes: ascii('BZh'), type: archive('application/x-bzip2') },
  { bytes: [0xfd, ...ascii('7zXZ'), 0x00], type: archive('application/x-xz') },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], type: archive('application/zstd') },
  { bytes: ascii('MSCF'), type: archive('application/vnd.ms-cab-compressed') },
  { bytes: ascii('ITSF'), type: exe('application/vnd.ms-htmlhelp') },
  { bytes: ascii('{\\rtf'), type: { family: 'unknown', mime: 'application/rtf' } },
  { bytes: [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00], type: exe('application/x-ms-shortcut') },
];

/** PDF readers accept `%PDF-` anywhere in the first 1024 bytes, so an attacker can pad before it. */
function findPdfHeader(head: Uint8Array): boolean {
  const limit = Math.min(head.length, 1024);
  const sig = ascii('%PDF-');
  for (let i = 0; i + sig.length <= limit; i++) if (startsWith(head, sig, i)) return true;
  return false;
}

/** The PE header that `e_lfanew` (offset 0x3C) points at, when it lies within the head. */
function hasPeHeader(head: Uint8Array): boolean {
  if (head.length < 0x40) return false;
  const at = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0x3c, true);
  return startsWith(head, ascii('PE\0\0'), at);
}

/**
 * Detects the type of a file from its first bytes, never from its name. RIFF is checked as a
 * whole (`RIFF....WEBP`); text is recognised by decoding, then sniffed for markup and scripts.
 */
export function detectType(head: Uint8Array): DetectedType {
  for (const m of magics) {
    if (m.type.mime === 'image/webp') {
      if (startsWith(head, ascii('RIFF')) && startsWith(head, m.bytes, 8)) return m.type;
      continue;
    }
    if (startsWith(head, m.bytes, m.at ?? 0)) {
      // A text file may begin with the letters "MZ"; a PE or DOS program is not text.
      if (m.type.mime === 'application/x-msdownload' && decodeText(head) !== null && !hasPeHeader(head))
        continue;
      return m.type;
    }
  }
  if (findPdfHeader(head)) return { family: 'pdf', mime: 'application/pdf' };
  if (head.length === 0) return { family: 'unknown', mime: 'application/x-empty' };
  const text = decodeText(head);
  if (text === null) return { family: 'unknown', mime: 'application/octet-stream' };
  return { family: 'text', mime: 'text/plain' };
}
