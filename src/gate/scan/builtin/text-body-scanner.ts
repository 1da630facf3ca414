import { isUtf8 } from 'node:buffer';
import type { ScanSubject } from '../../ports.js';
import { type DecodedText, hasForbiddenControl } from './decode-text.js';
import { findScriptHit } from './text-inspector.js';
import { type Hit, type InspectContext, reject } from './types.js';

/** Characters kept from one chunk to the next, so that a pattern cut in two is still seen. */
const OVERLAP = 512;

type ChunkDecoder = (chunk: Uint8Array) => string | null;

function icuDecoder(encoding: DecodedText['encoding']): ChunkDecoder {
  const decoder = new TextDecoder(encoding, { fatal: true });
  return (chunk) => {
    try {
      return decoder.decode(chunk, { stream: true });
    } catch {
      return null;
    }
  };
}

/**
 * UTF-8 through `isUtf8` (simdutf), several times faster than a fatal TextDecoder. A character cut
 * at the end of a chunk is held back (at most 3 bytes) and prefixed to the next one.
 */
function utf8Decoder(): ChunkDecoder {
  let pending: Uint8Array = new Uint8Array();
  return (chunk) => {
    const bytes =
      pending.length > 0
        ? Buffer.concat([pending, chunk])
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let end = bytes.length;
    // Step back over continuation bytes (10xxxxxx) to the lead byte of the last character.
    let lead = end - 1;
    while (lead >= 0 && lead > end - 4 && ((bytes[lead] as number) & 0xc0) === 0x80) lead--;
    if (lead >= 0) {
      const b = bytes[lead] as number;
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (end - lead < need) end = lead;
    }
    pending = bytes.subarray(end).slice();
    const whole = bytes.subarray(0, end);
    return isUtf8(whole) ? whole.toString('utf8') : null;
  };
}

/**
 * Reads a text file to its end as it streams: it must stay text in the encoding its head was
 * decoded with (no binary appended after a harmless first page), and hold no script or
 * program-starting formula anywhere. Memory stays flat: one chunk and a small overlap.
 */
export async function scanTextBody(
  subject: ScanSubject,
  encoding: DecodedText['encoding'],
  ctx: InspectContext,
): Promise<Hit[]> {
  const decode = encoding === 'utf-8' ? utf8Decoder() : icuDecoder(encoding);
  const binary = reject(
    'text-binary-content',
    'The file starts as text but contains binary data further on.',
  );
  let carry = '';
  for await (const chunk of subject.stream()) {
    ctx.signal?.throwIfAborted();
    const text = decode(chunk);
    if (text === null || hasForbiddenControl(text)) return [binary];
    const window = carry + text;
    const hit = findScriptHit(window);
    if (hit !== null) return [hit];
    carry = window.slice(-OVERLAP);
  }
  return [];
}
