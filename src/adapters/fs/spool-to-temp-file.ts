import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalFile } from '../../gate/ports.js';
import { writeToFile } from './write-to-file.js';

/**
 * Writes `body` to a new private temporary file (a 0700 directory of its own, the file 0600) and
 * returns it; `release` deletes both. How a store whose objects are not on this machine (S3, or
 * memory in tests) gives the engines that open files by path a file to open.
 */
export async function spoolToTempFile(
  body: AsyncIterable<Uint8Array>,
  root: string = tmpdir(),
): Promise<LocalFile> {
  const dir = await mkdtemp(join(root, 'sekisho-spool-'));
  const path = join(dir, 'object');
  try {
    await writeToFile(body, path);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { path, release: () => rm(dir, { recursive: true, force: true }) };
}
