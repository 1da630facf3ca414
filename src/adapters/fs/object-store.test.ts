import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsObjectStore } from './object-store.js';

describe('the filesystem object store', () => {
  it('answers a full disk (ENOSPC) with STORAGE_FULL 503 and Retry-After, and leaves no partial file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sekisho-store-'));
    try {
      const store = await createFsObjectStore(root);
      // The write side fails as a full disk does; the store must map it and clean up.
      const body = (async function* () {
        yield Buffer.from('some bytes');
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      })();
      await expect(store.putQuarantined('f_full', body, 1024)).rejects.toMatchObject({
        code: 'STORAGE_FULL',
        status: 503,
        retryAfterSeconds: 120,
      });
      expect(await readdir(join(root, 'quarantine'))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
