import { pbkdf2 } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { writeToFile } from './write-to-file.js';

describe('writeToFile', () => {
  it('writes the body to a private file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sekisho-write-'));
    try {
      await writeToFile(
        (async function* () {
          yield Buffer.from('a');
          yield Buffer.from('b');
        })(),
        join(dir, 'f'),
      );
      expect(await readFile(join(dir, 'f'), 'utf8')).toBe('ab');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a failed body only once the file is there and closed, so that removing it leaves nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sekisho-write-'));
    try {
      for (let round = 0; round < 20; round++) {
        const path = join(dir, `f${round}`);
        const failing = (async function* () {
          yield Buffer.from('some bytes');
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        })();
        // A busy thread pool, as on a loaded machine: the file's open waits behind these.
        for (let i = 0; i < 4; i++) pbkdf2('x', 'y', 20_000, 32, 'sha256', () => {});
        await expect(writeToFile(failing, path)).rejects.toMatchObject({ code: 'ENOSPC' });
        // The open is done: the caller's clean-up cannot run before the file appears.
        expect(existsSync(path)).toBe(true);
        await rm(path);
      }
      await sleep(50);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
