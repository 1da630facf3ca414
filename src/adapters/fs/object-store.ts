import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageFullError } from '../../gate/files/upload-errors.js';
import type { ObjectStore, StoredSubject } from '../../gate/ports.js';
import { countUpload } from '../shared/count-upload.js';
import { fileSubject } from './file-subject.js';
import { hashFile } from './hash-file.js';
import { writeToFile } from './write-to-file.js';

/** An object store on the local filesystem, under `<root>/quarantine`. */
export interface FsObjectStore extends ObjectStore {
  /** The file path of an object (for tests); never served directly. */
  pathOf(key: string): string;
}

const KEY = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The embedded object store. Objects live in a quarantine directory (mode 0700, files 0600) that
 * no route serves; the web app streams bytes out only after it has published a file. Keys are
 * generated ids, never names a person gave, so nothing can escape the directory. Opening the
 * store deletes partial uploads a previous process left behind (one process owns a data dir).
 */
export async function createFsObjectStore(root: string): Promise<FsObjectStore> {
  const dir = join(root, 'quarantine');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // An upload cut short by a crash leaves its `.part` file; nothing will ever finish it.
  for (const name of await readdir(dir))
    if (name.endsWith('.part')) await rm(join(dir, name), { force: true });
  const pathOf = (key: string): string => {
    if (!KEY.test(key)) throw new Error(`invalid object key: ${JSON.stringify(key)}`);
    return join(dir, key);
  };
  return {
    pathOf,
    async putQuarantined(key, body, maxBytes) {
      const target = pathOf(key);
      const partial = `${target}.part`;
      const upload = countUpload(body, maxBytes);
      let sha256: string;
      try {
        await writeToFile(upload.chunks, partial);
        // Hashed from the written file in a worker thread, not chunk by chunk on the event loop:
        // with many uploads arriving at once the loop spent a third of its time in sha256.
        sha256 = await hashFile(partial);
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new StorageFullError({ cause: error });
        throw error;
      }
      return { size: upload.size(), sha256 };
    },
    async *keys() {
      for (const name of await readdir(dir)) if (KEY.test(name)) yield name;
    },
    async subject(key: string, displayName: string): Promise<StoredSubject> {
      return fileSubject(pathOf(key), displayName);
    },
    async open(key) {
      const path = pathOf(key);
      await stat(path);
      return createReadStream(path);
    },
    async sha256(key) {
      // In a worker thread: the release re-hashes every file it publishes, often many at once.
      try {
        return await hashFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
