import type { ScanSubject } from '../../ports.js';
import { type Hit, reject } from './types.js';

/** One entry of a ZIP's central directory, as declared (the sizes may lie). */
export interface ZipEntry {
  readonly name: string;
  /** The name's bytes as the central directory stores them, to compare with the local header's. */
  readonly nameBytes: Uint8Array;
  readonly flags: number;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  /** True when the entry is a Unix symbolic link (made on Unix, mode S_IFLNK in the external attributes). */
  readonly symlink: boolean;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const DIGITAL_SIGNATURE = 0x05054b50;
const MAX_COMMENT = 0xffff;
const U32_MAX = 0xffffffff;

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const corrupt = (why: string): Hit => reject('zip-corrupt', `The archive is damaged: ${why}.`);

/** Entry names are UTF-8 when flag bit 11 says so; Japanese Windows writes Shift_JIS without it. */
function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(bytes);
  for (const encoding of ['utf-8', 'shift_jis']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {}
  }
  return new TextDecoder('latin1').decode(bytes);
}

async function findEnd(subject: ScanSubject): Promise<{ count: number; size: number; offset: number } | Hit> {
  const tailStart = Math.max(0, subject.size - (22 + MAX_COMMENT));
  const tail = await subject.read(tailStart, subject.size);
  const v = view(tail);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (v.getUint32(i, true) !== EOCD) continue;
    let count = v.getUint16(i + 10, true);
    let size = v.getUint32(i + 12, true);
    let offset = v.getUint32(i + 16, true);
    if (count === 0xffff || size === U32_MAX || offset === U32_MAX) {
      // ZIP64 (APPNOTE 4.3.14/4.3.15): the real values sit in the ZIP64 end record.
      const at = i - 20;
      if (at < 0 || v.getUint32(at, true) !== EOCD64_LOCATOR) return corrupt('a ZIP64 locator is missing');
      const where = Number(v.getBigUint64(at + 8, true));
      const rec = view(await subject.read(where, where + 56));
      if (rec.byteLength < 56 || rec.getUint32(0, true) !== EOCD64)
        return corrupt('the ZIP64 end record is missing');
      count = Number(rec.getBigUint64(32, true));
      size = Number(rec.getBigUint64(40, true));
      offset = Number(rec.getBigUint64(48, true));
    }
    return { count, size, offset };
  }
  return corrupt('no end of central directory');
}

/** Reads the ZIP64 extended information extra field (id 0x0001) for the values that overflowed. */
function zip64Values(extra: Uint8Array, wanted: readonly boolean[]): (number | null)[] {
  const v = view(extra);
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = v.getUint16(i, true);
    const len = v.getUint16(i + 2, true);
    if (id === 0x0001) {
      let at = i + 4;
      return wanted.map((w) => {
        if (!w || at + 8 > i + 4 + len) return null;
        const value = Number(v.getBigUint64(at, true));
        at += 8;
        return value;
      });
    }
    i += 4 + len;
  }
  return wanted.map(() => null);
}

/** A ZIP's central directory: its entries, and where it starts (the end of the entries' area). */
export interface ZipDirectory {
  readonly entries: ZipEntry[];
  readonly offset: number;
}

/**
 * Reads a ZIP's central directory through `read()` (it sits at the end), without touching the
 * entries' data. Refuses an archive with more entries than `remaining` (what is left of
 * `maxEntries` for the whole file) before reading its list.
 */
export async function readZipDirectory(
  subject: ScanSubject,
  limits: { remaining: number; maxEntries: number },
): Promise<ZipDirectory | Hit> {
  const end = await findEnd(subject);
  if ('rule' in end) return end;
  if (end.count > limits.remaining)
    return reject(
      'zip-too-many-entries',
      end.count > limits.maxEntries
        ? `The archive has ${end.count} entries; the limit is ${limits.maxEntries}.`
        : `With the archives around it, the file has more than ${limits.maxEntries} entries, the limit.`,
    );
  if (end.offset + end.size > subject.size) return corrupt('the central directory lies outside the file');
  const cd = await subject.read(end.offset, end.offset + end.size);
  const v = view(cd);
  const entries: ZipEntry[] = [];
  let i = 0;
  for (let n = 0; n < end.count; n++) {
    if (i + 46 > cd.length || v.getUint32(i, true) !== CENTRAL)
      return corrupt('a central directory record is broken');
    const flags = v.getUint16(i + 8, true);
    const nameLen = v.getUint16(i + 28, true);
    const extraLen = v.getUint16(i + 30, true);
    const commentLen = v.getUint16(i + 32, true);
    let compressedSize = v.getUint32(i + 20, true);
    let uncompressedSize = v.getUint32(i + 24, true);
    let localHeaderOffset = v.getUint32(i + 42, true);
    const name = decodeName(cd.subarray(i + 46, i + 46 + nameLen), (flags & 0x800) !== 0);
    const extra = cd.subarray(i + 46 + nameLen, i + 46 + nameLen + extraLen);
    const [u, c, o] = zip64Values(extra, [
      uncompressedSize === U32_MAX,
      compressedSize === U32_MAX,
      localHeaderOffset === U32_MAX,
    ]);
    uncompressedSize = u ?? uncompressedSize;
    compressedSize = c ?? compressedSize;
    localHeaderOffset = o ?? localHeaderOffset;
    entries.push({
      name,
      nameBytes: cd.slice(i + 46, i + 46 + nameLen),
      flags,
      method: v.getUint16(i + 10, true),
      crc32: v.getUint32(i + 16, true),
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
      symlink: v.getUint8(i + 5) === 3 && ((v.getUint32(i + 38, true) >>> 16) & 0xf000) === 0xa000,
    });
    i += 46 + nameLen + extraLen + commentLen;
  }
  // Records past the count the end record gives are read by extractors that walk the directory
  // to its size (Python's zipfile, `unzip -l`): an entry listed there would be one never judged.
  if (i < cd.length && !isDigitalSignature(cd.subarray(i)))
    return reject(
      'zip-inconsistent',
      `The archive is inconsistent: its central directory holds ${cd.length - i} bytes past the ${end.count} entries its end record counts. Extractors would disagree about what it holds.`,
    );
  return { entries, offset: end.offset };
}

/** The one record that may follow the entries inside the directory (APPNOTE 4.3.13), filling it. */
function isDigitalSignature(rest: Uint8Array): boolean {
  const v = view(rest);
  return (
    rest.length >= 6 && v.getUint32(0, true) === DIGITAL_SIGNATURE && 6 + v.getUint16(4, true) === rest.length
  );
}
