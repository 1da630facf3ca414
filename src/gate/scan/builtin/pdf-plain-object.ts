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

/**
 * Where the body of an indirect object that starts at `from` ends (the index of its `endobj`
 * keyword), when that body cannot matter to the PDF check, or -1. It matters, and -1 is returned,
 * when before its `endobj` (within `limit` bytes and within `buf`) it holds:
 * - a literal or hex string, or a comment: either may hold the bytes `endobj` or hide what follows;
 * - a `stream` or `trailer` keyword: stream data or a trailer must be read;
 * - a name the check acts on ({@link RELEVANT_NAMES}, also as the start of a longer name) or a
 *   `#` (an escape can spell any name): the same test that skips the objects of an object stream.
 * One pass over the bytes, stopping at the first of these: tagged PDFs (Chrome, Word) hold tens of
 * thousands of small structure dictionaries that this steps over instead of building.
 */
export function plainObjectEnd(buf: Uint8Array, from: number, limit: number): number {
  const end = Math.min(buf.length, from + limit);
  for (let k = from; k < end; k++) {
    const b = buf[k] as number;
    switch (b) {
      case 0x28: // (
      case 0x25: // %
      case 0x23: // #
        return -1;
      case 0x3c: // <
        if (buf[k + 1] !== 0x3c) return -1; // a hex string
        k++;
        break;
      case 0x2f: // /
        if (relevantName(buf, k + 1)) return -1;
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
