import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFile } from './hash-file.js';

describe('hashFile (sha256 in a worker thread)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sekisho-hash-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives the sha256 of the bytes for files larger than its 1 MiB buffer, empty ones, and many at once', async () => {
    const files = [0, 1, 1024 * 1024, 1024 * 1024 + 7, 3 * 1024 * 1024 + 1].map((size) => randomBytes(size));
    const paths = await Promise.all(
      files.map(async (bytes, i) => {
        const path = join(dir, `f${i}`);
        await writeFile(path, bytes);
        return path;
      }),
    );
    const hashes = await Promise.all(paths.flatMap((path) => [hashFile(path), hashFile(path)]));
    expect(hashes).toEqual(
      files.flatMap((bytes) => {
        const hex = createHash('sha256').update(bytes).digest('hex');
        return [hex, hex];
      }),
    );
  });

  it('rejects with the filesystem error code for a missing file, and keeps serving afterwards', async () => {
    await expect(hashFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(hashFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    const path = join(dir, 'after');
    await writeFile(path, 'after');
    expect(await hashFile(path)).toBe(createHash('sha256').update('after').digest('hex'));
  });
});
