import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StorageFullError, UploadTooLargeError } from '../../gate/files/upload-errors.js';
import type { ObjectStore, StoredSubject } from '../../gate/ports.js';
import { fileSubject } from './file-subject.js';

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
      const hash = createHash('sha256');
      let size = 0;
      async function* counted(): AsyncIterable<Uint8Array> {
        for await (const chunk of body) {
          size += chunk.byteLength;
          if (size > maxBytes) throw new UploadTooLargeError(maxBytes);
          hash.update(chunk);
          yield chunk;
        }
      }
      try {
        await pipeline(counted, createWriteStream(partial, { mode: 0o600 }));
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new StorageFullError({ cause: error });
        throw error;
      }
      return { size, sha256: hash.digest('hex') };
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
      const hash = createHash('sha256');
      try {
        await pipeline(createReadStream(pathOf(key)), hash);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return hash.digest('hex');
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
