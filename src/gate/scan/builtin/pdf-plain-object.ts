import { CHAR_CLASS } from './pdf-lexer.js';
import { RELEVANT_NAMES } from './pdf-name-marks.js';

/** Relevant names (as bytes, without the slash) by their first byte. */
const BY_FIRST_BYTE: readonly (readonly Uint8Array[] | undefined)[] = (() => {
  const table: Uint8Array[][] = [];
  for (const name of RELEVANT_NAMES) {
    const first = name.charCodeAt(0);
    table[first] ??= [];
    table[first].push(Buffer.from(name, 'latin1'));
  }
  return table;
})();

const ENDOBJ = Buffer.from('endobj');
const STREAM = Buffer.from('stream');
const TRAILER = Buffer.from('trailer');

const at = (buf: Uint8Array, k: number, word: Uint8Array): boolean => {
  if (k + word.length > buf.length) return false;
  for (let j = 0; j < word.length; j++) if (buf[k + j] !== word[j]) return false;
  return true;
};

/** Whether the name that starts at `k` (after its slash) begins with a name the check acts on. */
function relevantName(buf: Uint8Array, k: number): boolean {
  const names = BY_FIRST_BYTE[buf[k] as number];
  if (names === undefined) return false;
  for (const name of names) if (at(buf, k, name)) return true;
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
 * Where the body of an indirect object that starts at `from` ends (the index of its `endobj`
 * keyword), when that body cannot matter to the PDF check, or -1. It matters, and -1 is returned,
 * when before its `endobj` (within `limit` bytes and within `buf`) it holds:
 * - a comment, a string that does not close, or a hex string with other bytes than hex digits;
 * - a `stream` or `trailer` keyword: stream data or a trailer must be read;
 * - a name the check acts on ({@link RELEVANT_NAMES}, also as the start of a longer name) or a
 *   `#` (an escape can spell any name): the same test that skips the objects of an object stream;
 * - `/F` followed by a string: a file specification, which GoToR targets resolve to.
 * Strings are stepped over as the lexer reads them, so bytes in them (`endobj`, `/JavaScript`)
 * count for nothing, as they count for nothing to the parser. One pass over the bytes, stopping
 * at the first of these: tagged PDFs (Chrome, Word) hold tens of thousands of small structure
 * dictionaries and link annotations that this steps over instead of building.
 */
export function plainObjectEnd(buf: Uint8Array, from: number, limit: number): number {
  const end = Math.min(buf.length, from + limit);
  for (let k = from; k < end; k++) {
    const b = buf[k] as number;
    switch (b) {
      case 0x25: // %
      case 0x23: // #
        return -1;
      case 0x28: // (
        k = afterLiteral(buf, k, end);
        if (k === -1) return -1;
        k--;
        break;
      case 0x3c: // <
        if (buf[k + 1] === 0x3c) k++;
        else {
          k = afterHex(buf, k, end);
          if (k === -1) return -1;
          k--;
        }
        break;
      case 0x2f: // /
        if (relevantName(buf, k + 1) || fileSpecString(buf, k + 1, end)) return -1;
        break;
      case 0x73: // s
        if (at(buf, k, STREAM)) return -1;
        break;
      case 0x74: // t
        if (at(buf, k, TRAILER)) return -1;
        break;
      case 0x65: // e
        if (at(buf, k, ENDOBJ) && k > 0 && CHAR_CLASS[buf[k - 1] as number] !== 0) {
          // A keyword only with a delimiter after it; the end of the buffer leaves that unknown.
          const after = buf[k + ENDOBJ.length];
          if (after === undefined) return -1;
          if (CHAR_CLASS[after] !== 0) return k;
        }
        break;
    }
  }
  return -1;
}
