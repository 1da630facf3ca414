import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes `body` to a new private file at `path` (mode 0600). On failure it rejects only once the
 * file is closed: `pipeline` rejects as soon as the body fails, while the file may still be
 * opening on a busy thread pool, and a caller that removes the file (or its folder) at once would
 * otherwise run before the file appears and leave it behind.
 */
export async function writeToFile(body: AsyncIterable<Uint8Array> | Readable, path: string): Promise<void> {
  const out = createWriteStream(path, { mode: 0o600 });
  try {
    await pipeline(body, out);
  } catch (error) {
    if (!out.closed) await once(out, 'close').catch(() => {});
    throw error;
  }
}
