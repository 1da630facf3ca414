import type { ScanSubject } from '../../ports.js';
import { hasForbiddenControl } from './decode-text.js';
import {
  FORBIDDEN_IN_ISO_2022_KR,
  FORBIDDEN_IN_TEXT,
  type ForbiddenBytes,
  hasForbiddenByte,
} from './forbidden-bytes.js';
import { findMarkupScriptHit, findScriptHit } from './text-inspector.js';
import { type Hit, type InspectContext, reject } from './types.js';

/** Characters kept from one chunk to the next, so that a pattern cut in two is still seen. */
const OVERLAP = 512;
/**
 * Characters kept of a whitespace run in that overlap (half from each end). The patterns take
 * whitespace only as `\s`, `\s*` or `\s+`, never by its length, so a shortened run matches as
 * the whole run does, and a long one can no longer push a pattern's first words out of the
 * overlap (`powershell`, 600 spaces, then `-enc` across a seam).
 */
const RUN_KEPT = 16;
const SPACE = /\s/;

/**
 * The end of `window` to carry into the next chunk: its last {@link OVERLAP} characters, counting
 * each whitespace run as at most {@link RUN_KEPT}. When that starts after the window's start, a
 * NUL and the character before it come first: `^` must not match where a line did not start
 * (`echo off` in the middle of a sentence is not a batch file), and `\b` must see what came
 * before (`medieval(` holds no `eval(`).
 */
function carryOver(window: string): string {
  const parts: string[] = [];
  let kept = 0;
  let i = window.length;
  while (i > 0 && kept < OVERLAP) {
    // The run of whitespace, or of anything else, that ends at i.
    const space = SPACE.test(window.charAt(i - 1));
    let j = i - 1;
    while (j > 0 && SPACE.test(window.charAt(j - 1)) === space && (space || i - j < OVERLAP - kept)) j--;
    let run = window.slice(j, i);
    if (space && run.length > RUN_KEPT) run = run.slice(0, RUN_KEPT / 2) + run.slice(-RUN_KEPT / 2);
    parts.push(run);
    kept += run.length;
    i = j;
  }
  if (i > 0) parts.push(`\u0000${window.charAt(i - 1)}`);
  return parts.reverse().join('');
}

/** The text to search next: what was carried from the last chunk, then this chunk; null if it is not text. */
type WindowReader = (chunk: Uint8Array, carry: string) => string | null;

/** UTF-16 is the one common encoding whose bytes are not ASCII-based: decode it. */
function utf16Reader(encoding: string): WindowReader {
  const decoder = new TextDecoder(encoding, { fatal: true });
  return (chunk, carry) => {
    try {
      const text = decoder.decode(chunk, { stream: true });
      return hasForbiddenControl(text) ? null : carry + text;
    } catch {
      return null;
    }
  };
}

/**
 * Every other encoding we accept (UTF-8, Shift_JIS, EUC-JP, ISO-2022-JP, GBK, Big5, EUC-KR,
 * Windows-125x, ISO-8859-x, KOI8) keeps bytes below 0x80 for ASCII alone, so binary shows as a
 * control byte whatever the encoding, and the ASCII words the script patterns look for read the
 * same through latin1. This also accepts a file whose first pages are ASCII and whose later
 * lines use another encoding (a CSV export with one accented name on row 50 000).
 *
 * The window is decoded from one buffer that holds the carried characters (latin1, one byte
 * each) and the chunk: `carry + text` made a string that the first search had to flatten into
 * fresh memory, which cost as much as the search itself.
 */
function asciiBasedReader(forbidden: ForbiddenBytes): WindowReader {
  let scratch = Buffer.alloc(0);
  return (chunk, carry) => {
    if (hasForbiddenByte(chunk, forbidden)) return null;
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (carry.length === 0) return bytes.toString('latin1');
    const size = carry.length + bytes.length;
    if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
    scratch.write(carry, 0, 'latin1');
    bytes.copy(scratch, carry.length);
    return scratch.toString('latin1', 0, size);
  };
}

/**
 * Reads a text file to its end as it streams: it must stay text (no binary appended after a
 * harmless first page), and hold no script, program-starting formula or encoded program
 * anywhere. Memory stays flat: one chunk and a small overlap.
 */
export async function scanTextBody(
  subject: ScanSubject,
  encoding: string,
  mime: string,
  ctx: InspectContext,
): Promise<Hit[]> {
  const cells = mime === 'text/plain' || mime === 'text/csv';
  const read = encoding.startsWith('utf-16')
    ? utf16Reader(encoding)
    : asciiBasedReader(encoding === 'iso-2022-kr' ? FORBIDDEN_IN_ISO_2022_KR : FORBIDDEN_IN_TEXT);
  const binary = reject(
    'text-binary-content',
    'The file starts as text but contains binary data further on.',
  );
  let carry = '';
  for await (const chunk of subject.stream()) {
    ctx.signal?.throwIfAborted();
    const window = read(chunk, carry);
    if (window === null) return [binary];
    const hit = findMarkupScriptHit(window, mime) ?? findScriptHit(window, cells);
    if (hit !== null) return [hit];
    carry = carryOver(window);
  }
  return [];
}
