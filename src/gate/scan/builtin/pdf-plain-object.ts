import { CHAR_CLASS } from './pdf-lexer.js';
import { PREFIX_NAMES, RELEVANT_NAMES } from './pdf-name-marks.js';

/**
 * Names that make a stream's dictionary a trailer: a cross-reference stream holds the trailer's
 * entries, and LibreOffice's `/AdditionalStreams` there names the document it opens instead.
 * Elsewhere they mean nothing, and stepping over an object that holds them costs nothing.
 */
const TRAILER_NAMES = ['XRef', 'AdditionalStreams'];

/** A name {@link plainObjectEnd} acts on, as bytes without the slash. */
interface WatchedName {
  readonly bytes: Uint8Array;
  readonly prefix: boolean;
}

/** Relevant names and trailer names by their first byte. */
const BY_FIRST_BYTE: readonly (readonly WatchedName[] | undefined)[] = (() => {
  const table: WatchedName[][] = [];
  for (const name of [...RELEVANT_NAMES, ...TRAILER_NAMES]) {
    const first = name.charCodeAt(0);
    table[first] ??= [];
    table[first].push({ bytes: Buffer.from(name, 'latin1'), prefix: PREFIX_NAMES.has(name) });
  }
  return table;
})();

/** The keyword that ends an indirect object. */
export const ENDOBJ = Buffer.from('endobj');
const STREAM = Buffer.from('stream');
const TRAILER = Buffer.from('trailer');

/** What {@link plainObjectEnd} does at each byte; most bytes (letters, digits, spaces) are {@link NONE}. */
const NONE = 0;
const STOP = 1;
const LITERAL = 2;
const ANGLE = 3;
const NAME = 4;
const KEYWORD_S = 5;
const KEYWORD_T = 6;
const KEYWORD_E = 7;
const OPEN_ARRAY = 8;
const CLOSE_ARRAY = 9;
const CLOSE_ANGLE = 10;
/** Containers nest at most this deep in a body stepped over: their kinds are bits of one number. */
const MAX_DEPTH = 30;
const STEP = new Uint8Array(256);
STEP[0x25] = STOP; // % a comment
STEP[0x23] = STOP; // # an escape that may spell any name
STEP[0x28] = LITERAL;
STEP[0x3c] = ANGLE;
STEP[0x2f] = NAME;
STEP[0x73] = KEYWORD_S; // stream
STEP[0x74] = KEYWORD_T; // trailer
STEP[0x65] = KEYWORD_E; // endobj
STEP[0x5b] = OPEN_ARRAY;
STEP[0x5d] = CLOSE_ARRAY;
STEP[0x3e] = CLOSE_ANGLE;

const at = (buf: Uint8Array, k: number, word: Uint8Array): boolean => {
  if (k + word.length > buf.length) return false;
  for (let j = 0; j < word.length; j++) if (buf[k + j] !== word[j]) return false;
  return true;
};

/** 1 for the first two bytes of a watched name: most names (`/Type`, `/S`, `/P`) fail here, on one lookup. */
const FIRST_TWO = (() => {
  const table = new Uint8Array(65536);
  for (const names of BY_FIRST_BYTE)
    for (const { bytes } of names ?? []) table[((bytes[0] as number) << 8) | (bytes[1] as number)] = 1;
  return table;
})();

/** Whether the name that starts at `k` (after its slash) is one the check acts on (see {@link PREFIX_NAMES}). */
function relevantName(buf: Uint8Array, k: number): boolean {
  if (FIRST_TWO[((buf[k] as number) << 8) | ((buf[k + 1] as number) & 0xff)] === 0) return false;
  const names = BY_FIRST_BYTE[buf[k] as number];
  if (names === undefined) return false;
  // Whole: a delimiter, whitespace or the end of the bytes after it (which leaves it unknown).
  for (const { bytes, prefix } of names)
    if (at(buf, k, bytes) && (prefix || CHAR_CLASS[buf[k + bytes.length] as number] !== 0)) return true;
  return false;
}

/** 1 for the bytes a hex string may hold: hex digits and whitespace (§7.3.4.3). */
const HEX_BYTE = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF\0\t\n\f\r ') HEX_BYTE[c.charCodeAt(0)] = 1;

/**
 * The index after the literal string whose `(` is at `k` (§7.3.4.2: balanced parentheses, a
 * backslash escapes the byte after it; octal digits never change the depth), or -1 when it does
 * not close before `end`.
 */
function afterLiteral(buf: Uint8Array, k: number, end: number): number {
  let depth = 0;
  for (; k < end; k++) {
    const b = buf[k] as number;
    if (b === 0x5c) k++;
    else if (b === 0x28) depth++;
    else if (b === 0x29 && --depth === 0) return k + 1;
  }
  return -1;
}

/** The index after the hex string whose `<` is at `k`, or -1 when it does not close before `end` or holds another byte than hex digits and whitespace (damage, which the parser reports). */
function afterHex(buf: Uint8Array, k: number, end: number): number {
  for (k++; k < end; k++) {
    const b = buf[k] as number;
    if (b === 0x3e) return k + 1;
    if (HEX_BYTE[b] === 0) return -1;
  }
  return -1;
}

/** Whether the name at `k` (after its slash) is exactly `F` and a string follows it: a file specification (§7.11.2) that GoToR targets resolve to. */
function fileSpecString(buf: Uint8Array, k: number, end: number): boolean {
  if (buf[k] !== 0x46 || CHAR_CLASS[buf[k + 1] as number] === 0) return false;
  let j = k + 1;
  while (j < end && CHAR_CLASS[buf[j] as number] === 1) j++;
  return buf[j] === 0x28 || (buf[j] === 0x3c && buf[j + 1] !== 0x3c);
}

/**
 * Where the body of an indirect object that starts at `from` ends, when that body cannot matter
 * to the PDF check: the index of its `endobj` keyword, or of its `stream` keyword when it is a
 * stream whose dictionary cannot matter (the caller tells them apart with {@link isStreamAt});
 * -1 otherwise. It matters, and -1 is returned, when before that keyword (within `limit` bytes
 * and within `buf`) it holds:
 * - a comment, a string that does not close, or a hex string with other bytes than hex digits;
 * - containers that do not close or close out of turn (`<< [ >>`), or a stray `>`: the parser
 *   reads such a body on, and reports it as damaged;
 * - a `trailer` keyword, or a `stream` keyword that does not follow a dictionary and an end of
 *   line as the parser requires;
 * - a name the check acts on ({@link RELEVANT_NAMES}, whole but for {@link PREFIX_NAMES}) or a
 *   `#` (an escape can spell any name): the same test that skips the objects of an object stream;
 *   and before `stream`, a name of a cross-reference stream ({@link TRAILER_NAMES});
 * - `/F` followed by a string: a file specification, which GoToR targets resolve to.
 * Strings are stepped over as the lexer reads them, so bytes in them (`endobj`, `/JavaScript`)
 * count for nothing, as they count for nothing to the parser. One pass over the bytes, stopping
 * at the first of these: tagged PDFs (Chrome, Word) hold tens of thousands of small structure
 * dictionaries and link annotations, and most PDFs thousands of font and page-content streams,
 * whose dictionaries this steps over instead of building.
 */
export function plainObjectEnd(buf: Uint8Array, from: number, limit: number): number {
  const end = Math.min(buf.length, from + limit);
  // The kinds of the open containers, one bit each (1 a dictionary), innermost lowest.
  let open = 0;
  let depth = 0;
  // The index after the `>>` that last closed a container at the top level, or -1.
  let closedAt = -1;
  for (let k = from; k < end; k++) {
    const step = STEP[buf[k] as number] as number;
    if (step === NONE) continue;
    switch (step) {
      case STOP:
        return -1;
      case LITERAL:
        k = afterLiteral(buf, k, end);
        if (k === -1) return -1;
        k--;
        break;
      case ANGLE:
        if (buf[k + 1] === 0x3c) {
          if (depth === MAX_DEPTH) return -1;
          open = (open << 1) | 1;
          depth++;
          k++;
        } else {
          k = afterHex(buf, k, end);
          if (k === -1) return -1;
          k--;
        }
        break;
      case CLOSE_ANGLE:
        if (buf[k + 1] !== 0x3e || depth === 0 || (open & 1) === 0) return -1;
        open >>>= 1;
        depth--;
        k++;
        if (depth === 0) closedAt = k + 1;
        break;
      case OPEN_ARRAY:
        if (depth === MAX_DEPTH) return -1;
        open <<= 1;
        depth++;
        break;
      case CLOSE_ARRAY:
        if (depth === 0 || (open & 1) === 1) return -1;
        open >>>= 1;
        depth--;
        break;
      case NAME:
        if (relevantName(buf, k + 1) || fileSpecString(buf, k + 1, end)) return -1;
        break;
      default: {
        // A keyword counts only where a token starts: `/Upstream` and `Xendobj` are not one.
        if (CHAR_CLASS[buf[k - 1] as number] === 0) break;
        const keyword = step === KEYWORD_S ? STREAM : step === KEYWORD_T ? TRAILER : ENDOBJ;
        if (!at(buf, k, keyword)) break;
        // A keyword only with a delimiter after it; the end of the buffer leaves that unknown.
        const after = buf[k + keyword.length];
        if (after === undefined) return -1;
        if (CHAR_CLASS[after] === 0) break;
        if (keyword === TRAILER || depth > 0) return -1;
        if (keyword === ENDOBJ) return k;
        // `stream` ends an object only after its dictionary and with an end of line (§7.3.8.1).
        return (after === 0x0a || after === 0x0d) && closedAt !== -1 && onlySpaces(buf, closedAt, k) ? k : -1;
      }
    }
  }
  return -1;
}

/** Whether [from, to) of `buf` is whitespace only. */
function onlySpaces(buf: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (CHAR_CLASS[buf[k] as number] !== 1) return false;
  return true;
}

/** Whether the keyword {@link plainObjectEnd} found at `k` is `stream` (else it is `endobj`). */
export const isStreamAt = (buf: Uint8Array, k: number): boolean => buf[k] === 0x73;

/**
 * Where the data of a stream whose `stream` keyword is at `k` starts: after the keyword and its
 * end of line, CRLF or LF (a lone CR too, as the parser takes it); -1 when the end of `buf`
 * leaves that unknown.
 */
export function streamDataStart(buf: Uint8Array, k: number): number {
  const eol = k + STREAM.length;
  if (buf[eol] === 0x0a) return eol + 1;
  if (eol + 1 >= buf.length) return -1;
  return buf[eol + 1] === 0x0a ? eol + 2 : eol + 1;
}

/** The header found by {@link objectHeaderEnd}: its object number, and where its first digit is. */
export interface ObjectHeader {
  num: number;
  start: number;
}

const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;

/**
 * When the bytes from `from` are whitespace, then `N G obj` and a whitespace byte (the header of
 * an indirect object, as the lexer reads it with nothing else before it), the index after that
 * whitespace byte, with the object number and where it starts in `header`; otherwise -1 (a comment,
 * another keyword, a header cut by the end of `buf`), and the lexer reads what is there. Lets
 * the inspector go from one plain object to the next without a token for each header.
 */
export function objectHeaderEnd(buf: Uint8Array, from: number, header: ObjectHeader): number {
  let k = from;
  while (CHAR_CLASS[buf[k] as number] === 1 && k < buf.length) k++;
  const start = k;
  let num = 0;
  // At most nine digits: a number the lexer reads exactly, and no object has more.
  while (isDigit(buf[k]) && k - start < 10) num = num * 10 + ((buf[k++] as number) - 0x30);
  if (k === start || k - start > 9 || CHAR_CLASS[buf[k] as number] !== 1 || k >= buf.length) return -1;
  while (CHAR_CLASS[buf[k] as number] === 1 && k < buf.length) k++;
  const gen = k;
  while (isDigit(buf[k]) && k - gen < 10) k++;
  if (k === gen || k - gen > 9 || CHAR_CLASS[buf[k] as number] !== 1 || k >= buf.length) return -1;
  while (CHAR_CLASS[buf[k] as number] === 1 && k < buf.length) k++;
  if (buf[k] !== 0x6f || buf[k + 1] !== 0x62 || buf[k + 2] !== 0x6a) return -1;
  // `obj` and a whitespace byte, as the parser pauses only there (`obj<<` goes to the lexer).
  if (k + 3 >= buf.length || CHAR_CLASS[buf[k + 3] as number] !== 1) return -1;
  header.num = num;
  header.start = start;
  return k + 4;
}

/**
 * When the bytes from `from` are whitespace and an `endobj` keyword with a delimiter after it
 * (as after a stream's `endstream`), the index just after the keyword; otherwise -1.
 */
export function endobjEnd(buf: Uint8Array, from: number): number {
  let k = from;
  while (CHAR_CLASS[buf[k] as number] === 1 && k < buf.length) k++;
  if (!at(buf, k, ENDOBJ)) return -1;
  const after = buf[k + ENDOBJ.length];
  return after !== undefined && CHAR_CLASS[after] !== 0 ? k + ENDOBJ.length : -1;
}

const LENGTH = Buffer.from('/Length');

/**
 * The `/Length` of the stream dictionary in [from, to) of `buf` when it is given directly (a
 * number, not a reference `N G R`) and only once; otherwise -1.
 */
export function directLength(buf: Uint8Array, from: number, to: number): number {
  const bytes = Buffer.from(buf.buffer, buf.byteOffset + from, to - from);
  // The key itself, not `/Length1` (a font's): a delimiter or whitespace follows it.
  let key = -1;
  for (let k = bytes.indexOf(LENGTH); k !== -1; k = bytes.indexOf(LENGTH, k + 1)) {
    if (CHAR_CLASS[bytes[k + LENGTH.length] as number] === 0) continue;
    if (key !== -1) return -1;
    key = k;
  }
  if (key === -1) return -1;
  let j = key + LENGTH.length;
  while (CHAR_CLASS[bytes[j] as number] === 1 && j < bytes.length) j++;
  const digits = j;
  let length = 0;
  while (isDigit(bytes[j]) && j - digits < 12) length = length * 10 + ((bytes[j++] as number) - 0x30);
  if (j === digits || isDigit(bytes[j])) return -1;
  // `N G R`: the length is another object's.
  let r = j;
  while (CHAR_CLASS[bytes[r] as number] === 1 && r < bytes.length) r++;
  if (isDigit(bytes[r])) return -1;
  return length;
}

const XREF = Buffer.from('xref');

/** Whether `buf` holds at `k` a cross-reference entry: `nnnnnnnnnn ggggg n` and a 2-byte end of line (§7.5.4). */
function xrefEntryAt(buf: Uint8Array, k: number): boolean {
  for (let j = 0; j < 10; j++) if (!isDigit(buf[k + j])) return false;
  if (buf[k + 10] !== 0x20) return false;
  for (let j = 11; j < 16; j++) if (!isDigit(buf[k + j])) return false;
  const kind = buf[k + 17];
  if (buf[k + 16] !== 0x20 || (kind !== 0x6e && kind !== 0x66)) return false;
  const a = buf[k + 18];
  const b = buf[k + 19];
  return (a === 0x20 && (b === 0x0d || b === 0x0a)) || (a === 0x0d && b === 0x0a);
}

/**
 * When the bytes from `from` are whitespace and a cross-reference table (`xref`, then sections
 * of a `first count` line and `count` 20-byte entries), the index after its last whole entry
 * within `buf`: the lexer goes on from there (at `trailer`, at the rest of a section cut by the
 * end of `buf`, or at whatever breaks the format); otherwise -1. A table holds only digits and `n`/`f`, nothing the check reads, and writers that
 * do not compress it (Chrome, Word) give one entry to each of their tens of thousands of objects.
 */
export function xrefTableEnd(buf: Uint8Array, from: number): number {
  let k = from;
  while (CHAR_CLASS[buf[k] as number] === 1 && k < buf.length) k++;
  if (!at(buf, k, XREF) || CHAR_CLASS[buf[k + XREF.length] as number] !== 1) return -1;
  let end = k + XREF.length;
  for (;;) {
    // A section: `first count`, an end of line, then its entries.
    k = end;
    while (CHAR_CLASS[buf[k] as number] === 1 && k < buf.length) k++;
    const first = k;
    while (isDigit(buf[k])) k++;
    if (k === first || buf[k] !== 0x20) return end;
    k++;
    const digits = k;
    let count = 0;
    while (isDigit(buf[k]) && k - digits < 10) count = count * 10 + ((buf[k++] as number) - 0x30);
    if (k === digits) return end;
    while (buf[k] === 0x20) k++;
    if (buf[k] === 0x0d) k++;
    if (buf[k] === 0x0a) k++;
    // Entry by entry: one cut by the end of `buf`, or not in the format, is left to the lexer.
    for (let e = 0; e < count; e++, k += 20) {
      if (k + 20 > buf.length || !xrefEntryAt(buf, k)) return e === 0 ? end : k;
    }
    end = k;
  }
}
