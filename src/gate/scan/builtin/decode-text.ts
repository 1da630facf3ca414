import { isUtf8 } from 'node:buffer';
import { FORBIDDEN_IN_ISO_2022_KR, FORBIDDEN_IN_TEXT, hasForbiddenByte } from './forbidden-bytes.js';

/** Text decoded from the head of a file, with the encoding judged likeliest from its content. */
export interface DecodedText {
  /** A WHATWG encoding label that Node's `TextDecoder` (ICU) knows. */
  readonly encoding: string;
  readonly text: string;
}

/** Whether decoded text holds a control character that plain text never contains ({@link FORBIDDEN_IN_TEXT}). */
export function hasForbiddenControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 && FORBIDDEN_IN_TEXT[c] === 1) return true;
  }
  return false;
}

// Windows-1252's 0x80–0x9F (WHATWG index): Node 20 decodes them as C1 controls, as latin1 does.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const cp1252 = (text: string) =>
  text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);

function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    // `stream: true` tolerates a character cut in half at the end of the head we were given.
    const decoded = new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    const text = encoding === 'windows-1252' ? cp1252(decoded) : decoded;
    return hasForbiddenControl(text) ? null : text;
  } catch {
    return null;
  }
}

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

// What text in each multi-byte encoding is made of: kana for Japanese, Hangul for Korean, and for
// Chinese the commonest characters of its own script (one encoding's bytes read through another's
// table give rare characters). Each candidate is scored by how much of its non-ASCII text fits.
const HAN = /[\u4e00-\u9fff]/gu;
const KANA = /[\u3040-\u30ff]/gu;
const CJK_PUNCT = /[\u3000-\u303f\uff01-\uff5e]/gu;
const COMMON_SIMPLIFIED = /[的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年会发作对经]/gu;
const COMMON_TRADITIONAL = /[的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年會發作對經]/gu;
const MULTI_BYTE: readonly [string, (text: string) => number][] = [
  ['shift_jis', (t) => 2 * count(t, KANA) + count(t, HAN) + count(t, CJK_PUNCT)],
  ['euc-jp', (t) => 2 * count(t, KANA) + count(t, HAN) + count(t, CJK_PUNCT)],
  ['euc-kr', (t) => 2 * count(t, /[\uac00-\ud7a3]/gu) + count(t, CJK_PUNCT)],
  ['gbk', (t) => count(t, HAN) + count(t, CJK_PUNCT) + 3 * count(t, COMMON_SIMPLIFIED)],
  ['big5', (t) => count(t, HAN) + count(t, CJK_PUNCT) + 3 * count(t, COMMON_TRADITIONAL)],
];
// Single-byte encodings by how common they are; each decodes nearly any byte, so content decides.
const SINGLE_BYTE = [
  'windows-1252',
  'windows-1251',
  'koi8-r',
  'windows-1250',
  'windows-1253',
  'windows-1254',
  'windows-1257',
  'windows-1255',
  'windows-1256',
  'windows-1258',
  'koi8-u',
  'iso-8859-2',
  'iso-8859-5',
  'iso-8859-7',
  'iso-8859-15',
];

/**
 * How much decoded 8-bit text looks like words: letters, few case flips inside a word
 * ("пРИВЕТ" is KOI8-R read as Windows-1251), and no runs of accented Latin letters ("Ðåçþìå" is
 * Cyrillic read as Windows-1252: Latin-script languages accent a letter here and there).
 */
function singleByteScore(text: string): number {
  const high = text.replace(/[^\u0080-\uffff]/g, '');
  if (high.length === 0) return 0;
  const letters = count(high, /\p{L}/gu);
  const flips = count(text, /\p{Ll}\p{Lu}/gu);
  const junk = count(high, /[\u0080-\u009f\ufffd]/gu);
  const runs = count(text, /[\u00c0-\u024f]{3,}/gu);
  return (letters - 3 * flips - 5 * junk - 3 * runs) / high.length;
}

function utf16WithoutBom(bytes: Uint8Array): DecodedText | null {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  const encoding =
    oddZero > half * 0.6 && evenZero === 0
      ? 'utf-16le'
      : evenZero > half * 0.6 && oddZero === 0
        ? 'utf-16be'
        : null;
  if (encoding === null) return null;
  const text = tryDecode(encoding, bytes);
  return text === null ? null : { encoding, text };
}

/**
 * Decodes bytes as text if they are text, deciding the encoding by content: UTF-8 and UTF-16
 * (with a BOM, or UTF-16 whose every other byte is zero), ISO-2022-JP, Shift_JIS, EUC-JP,
 * GBK, Big5, EUC-KR, and the single-byte Windows, ISO-8859 and KOI8 encodings (Node's ICU
 * decoders). Binary is what holds a control character that text never does. Returns null for it.
 */
export function decodeText(bytes: Uint8Array): DecodedText | null {
  // The type check and the text check both decode the same head: the second time is free.
  if (bytes === last.bytes && bytes.length === last.length) return last.result;
  const result = decode(bytes);
  last = { bytes, length: bytes.length, result };
  return result;
}

let last: { bytes: Uint8Array | null; length: number; result: DecodedText | null } = {
  bytes: null,
  length: 0,
  result: null,
};

function decode(bytes: Uint8Array): DecodedText | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode('utf-16le', bytes.subarray(2));
    return text === null ? null : { encoding: 'utf-16le', text };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode('utf-16be', bytes.subarray(2));
    return text === null ? null : { encoding: 'utf-16be', text };
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16 !== null) return utf16;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = buf.toString('latin1');
  if (hasForbiddenByte(buf)) {
    // Node has no ISO-2022-KR decoder; its text is 7-bit, so the bytes are read as they are.
    const korean = latin1.startsWith('\x1b$)C') || latin1.includes('\n\x1b$)C');
    return korean && !hasForbiddenByte(buf, FORBIDDEN_IN_ISO_2022_KR) && !/[\x80-\xff]/.test(latin1)
      ? { encoding: 'iso-2022-kr', text: latin1.replaceAll('\x0e', '').replaceAll('\x0f', '') }
      : null;
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // A character cut at the end of the head is not a reason to doubt UTF-8.
  let end = buf.length;
  while (end > start && end > buf.length - 4 && ((buf[end - 1] as number) & 0xc0) === 0x80) end--;
  if (end > start && (buf[end - 1] as number) >= 0xc0) end--;
  if (isUtf8(buf.subarray(start, end))) {
    if (latin1.includes('\x1b') && !/[\x80-\xff]/.test(latin1)) {
      const jis = tryDecode('iso-2022-jp', bytes);
      if (jis !== null) return { encoding: 'iso-2022-jp', text: jis };
    }
    return { encoding: 'utf-8', text: buf.toString('utf8', start) };
  }
  let best: DecodedText | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const [encoding, script] of MULTI_BYTE) {
    const text = tryDecode(encoding, bytes);
    if (text === null) continue;
    const high = text.replace(/[^\u0080-\uffff]/g, '').length;
    const score = high === 0 ? 0 : script(text) / high;
    if (score > bestScore) [best, bestScore] = [{ encoding, text }, score];
  }
  if (best !== null && bestScore >= 0.9) return best;
  for (const encoding of SINGLE_BYTE) {
    const text = tryDecode(encoding, bytes);
    if (text === null) continue;
    const score = singleByteScore(text);
    if (score > bestScore) [best, bestScore] = [{ encoding, text }, score];
  }
  return best;
}
