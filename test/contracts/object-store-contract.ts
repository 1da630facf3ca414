import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../src/gate/ports.js';
import { freshStores, type Opened } from './opened.js';

async function* body(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The behaviour every `ObjectStore` must show (the filesystem here, S3 on AWS): run it against
 * each adapter so they stay interchangeable.
 */
export function objectStoreContract(name: string, open: () => Promise<Opened<ObjectStore>>): void {
  describe(`${name}: the ObjectStore contract`, () => {
    const fresh = freshStores(open, afterEach);

    it('stores a streamed body under its key and gives back its size, sha256 and bytes', async () => {
      const store = await fresh();
      const stored = await store.putQuarantined('f_1', body('Curriculum ', 'vitae'), 1024);
      expect(stored).toEqual({ size: 16, sha256: sha256('Curriculum vitae') });
      expect(await store.sha256('f_1')).toBe(sha256('Curriculum vitae'));
      expect(await collect(await store.open('f_1'))).toBe('Curriculum vitae');
    });

    it('refuses a body over the limit with UPLOAD_TOO_LARGE and keeps nothing of it', async () => {
      const store = await fresh();
      await expect(store.putQuarantined('f_big', body('12345', '67890'), 8)).rejects.toMatchObject({
        code: 'UPLOAD_TOO_LARGE',
      });
      expect(await store.sha256('f_big')).toBeNull();
    });

    it('gives a scan subject that streams, reads clamped ranges, and has a local file with the bytes', async () => {
      const store = await fresh();
      await store.putQuarantined('f_1', body('0123456789'), 1024);
      const subject = await store.subject('f_1', 'cv.txt');
      expect(subject).toMatchObject({ displayName: 'cv.txt', size: 10, sha256: sha256('0123456789') });
      expect(await collect(subject.stream())).toBe('0123456789');
      expect(Buffer.from(await subject.read(2, 5)).toString()).toBe('234');
      expect(Buffer.from(await subject.read(8, 100)).toString()).toBe('89');
      expect(await subject.read(20, 30)).toHaveLength(0);
      const local = await subject.localFile();
      try {
        expect(await readFile(local.path, 'utf8')).toBe('0123456789');
      } finally {
        await local.release();
      }
      // Releasing never deletes the object itself.
      expect(await store.sha256('f_1')).toBe(sha256('0123456789'));
    });

    it('deletes an object (and deleting a missing one is no error); a missing object has no sha256 and cannot be opened', async () => {
      const store = await fresh();
      await store.putQuarantined('f_1', body('x'), 1024);
      await store.delete('f_1');
      await store.delete('f_never');
      expect(await store.sha256('f_1')).toBeNull();
      await expect(store.open('f_1')).rejects.toBeTruthy();
    });
  });
}

/** For stores whose local file is a spooled copy: it is gone after `release`. */
export async function expectSpooledCopyRemoved(path: string): Promise<void> {
  await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
}
