import { createHash } from 'node:crypto';
import { UploadTooLargeError } from '../../gate/files/upload-errors.js';

/** An upload body on its way into a store, measured as it passes. */
export interface CountedUpload {
  /** The body's chunks, unchanged; reading past `maxBytes` throws `UploadTooLargeError`. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Bytes read so far (all of them once `chunks` is done). */
  size(): number;
}

/** A {@link CountedUpload} that also hashes what it passes. */
export interface HashedUpload extends CountedUpload {
  /** Hex sha256 of the bytes read; call once, after `chunks` is done. */
  sha256(): string;
}

/**
 * Passes an upload body through to a store, counting it against `maxBytes` so that an oversized
 * upload stops at the first chunk past the limit instead of being stored whole, and with
 * `'sha256'` hashing it on the way (for a store that cannot read the bytes back cheaply, like S3;
 * the filesystem store hashes the written file in a worker thread instead).
 */
export function countUpload(body: AsyncIterable<Uint8Array>, maxBytes: number): CountedUpload;
export function countUpload(body: AsyncIterable<Uint8Array>, maxBytes: number, hash: 'sha256'): HashedUpload;
export function countUpload(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  hash?: 'sha256',
): CountedUpload | HashedUpload {
  const digest = hash === undefined ? null : createHash(hash);
  let size = 0;
  async function* chunks(): AsyncIterable<Uint8Array> {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new UploadTooLargeError(maxBytes);
      digest?.update(chunk);
      yield chunk;
    }
  }
  const counted: CountedUpload = { chunks: chunks(), size: () => size };
  return digest === null ? counted : { ...counted, sha256: () => digest.digest('hex') };
}
