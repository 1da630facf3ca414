import { createHash } from 'node:crypto';
import { spoolToTempFile } from '../../src/adapters/fs/spool-to-temp-file.js';
import { UploadTooLargeError } from '../../src/gate/files/upload-errors.js';
import type { ObjectStore, StoredSubject } from '../../src/gate/ports.js';

/**
 * An object store with no paths: objects live in memory, as they would in S3 they live off this
 * machine. Its subjects give a local file the way a remote store does, by spooling the object to
 * a temporary file. It runs the object store contract, and shows that the engines scan objects
 * that are not on local disk.
 */
export function createMemoryObjectStore(): ObjectStore & { readonly spooled: number } {
  const objects = new Map<string, Uint8Array>();
  let spooled = 0;
  const bytesOf = (key: string): Uint8Array => {
    const bytes = objects.get(key);
    if (bytes === undefined) throw Object.assign(new Error(`no object ${key}`), { code: 'NoSuchKey' });
    return bytes;
  };
  async function* chunks(bytes: Uint8Array): AsyncIterable<Uint8Array> {
    for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
  }
  return {
    get spooled() {
      return spooled;
    },
    async putQuarantined(key, body, maxBytes) {
      const parts: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of body) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new UploadTooLargeError(maxBytes);
        parts.push(chunk);
      }
      const bytes = Buffer.concat(parts);
      objects.set(key, bytes);
      return { size, sha256: createHash('sha256').update(bytes).digest('hex') };
    },
    async subject(key, displayName): Promise<StoredSubject> {
      const bytes = bytesOf(key);
      return {
        displayName,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        stream: () => chunks(bytes),
        read: async (start, end) => bytes.subarray(Math.max(0, start), Math.min(bytes.length, end)),
        localFile: () => {
          spooled++;
          return spoolToTempFile(chunks(bytes));
        },
      };
    },
    async open(key) {
      return chunks(bytesOf(key));
    },
    async sha256(key) {
      const bytes = objects.get(key);
      return bytes === undefined ? null : createHash('sha256').update(bytes).digest('hex');
    },
    async delete(key) {
      objects.delete(key);
    },
  };
}
