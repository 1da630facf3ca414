import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectStore, StoredSubject } from '../../gate/ports.js';
import { fileSubject } from '../fs/file-subject.js';
import { writeToFile } from '../fs/write-to-file.js';
import { countUpload } from '../shared/count-upload.js';

export interface S3ObjectStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Where quarantined objects live; the bucket policy lets only the scanner and the app read it. Default `quarantine/`. */
  readonly prefix?: string;
  /** Where uploads are staged until their sha256 is known; no event notification watches it. Default `incoming/`. */
  readonly stagingPrefix?: string;
  /** Where `subject()` spools objects for the engines. Default the OS temp dir (`/tmp` on Lambda). */
  readonly spoolDir?: string;
}

/** A scan subject backed by a spooled copy; `dispose` deletes the copy. */
export interface SpooledSubject extends StoredSubject {
  dispose(): Promise<void>;
}

/** The S3 object store, with the stored sha256 readable without a download. */
export interface S3ObjectStore extends ObjectStore {
  /** The full S3 key of an object (`<prefix><key>`). */
  objectKey(key: string): string;
  /**
   * Like the port's `putQuarantined`, also storing `metadata` (ASCII values; e.g. `thread-id`) that
   * the scan function reads back with {@link S3ObjectStore.head}.
   */
  putQuarantined(
    key: string,
    body: AsyncIterable<Uint8Array>,
    maxBytes: number,
    metadata?: Record<string, string>,
  ): Promise<{ size: number; sha256: string }>;
  /** The sha256 kept in the object's metadata (`x-amz-meta-sha256`), or null when missing. */
  storedSha256(key: string): Promise<string | null>;
  /** The object's metadata and ETag without its bytes, or null when it does not exist. */
  head(key: string): Promise<{ metadata: Record<string, string>; eTag: string | null } | null>;
  subject(key: string, displayName: string): Promise<SpooledSubject>;
}

/** The metadata key that holds the hex sha256 of the object's bytes. */
export const SHA256_METADATA = 'sha256';
const KEY = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The object store on S3. An upload is streamed (multipart past 5 MiB, never held whole in memory)
 * to a staging key while it is counted against `maxBytes` and hashed; then one CopyObject puts it
 * under the quarantine prefix with its sha256 in the metadata, and the staging object is deleted.
 * So an object appears in quarantine (and its ObjectCreated event fires) once, complete, with its
 * hash. A copy is one request up to 5 GB, far above any upload limit a gate would set.
 *
 * `sha256()` hashes the stored bytes again rather than trusting the metadata: the web app's check
 * that the published bytes are the scanned ones must not rest on a value anyone with PutObject
 * could write. `subject()` spools the object to a local file for the engines (random access for
 * ZIP, a path for clamd); call `dispose()` after the scan so that `/tmp` does not fill up.
 */
export function createS3ObjectStore(options: S3ObjectStoreOptions): S3ObjectStore {
  const { client, bucket } = options;
  const prefix = options.prefix ?? 'quarantine/';
  const staging = options.stagingPrefix ?? 'incoming/';
  const objectKey = (key: string): string => {
    if (!KEY.test(key)) throw new Error(`invalid object key: ${JSON.stringify(key)}`);
    return `${prefix}${key}`;
  };
  const getBody = async (key: string): Promise<Readable | null> => {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      return out.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || error instanceof NotFound) return null;
      throw error;
    }
  };

  async function head(key: string) {
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      return { metadata: out.Metadata ?? {}, eTag: out.ETag ?? null };
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  return {
    objectKey,
    async putQuarantined(key, body, maxBytes, metadata = {}) {
      const target = objectKey(key);
      const stagingKey = `${staging}${key}.${randomUUID()}`;
      const counted = countUpload(body, maxBytes, 'sha256');
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: stagingKey, Body: Readable.from(counted.chunks) },
        leavePartsOnError: false,
      });
      try {
        await upload.done();
        const sha256 = counted.sha256();
        await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: target,
            // The staging key holds only [A-Za-z0-9_./-]: nothing to URL-encode.
            CopySource: `${bucket}/${stagingKey}`,
            MetadataDirective: 'REPLACE',
            Metadata: { ...metadata, [SHA256_METADATA]: sha256 },
          }),
        );
        return { size: counted.size(), sha256 };
      } finally {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: stagingKey })).catch(() => {});
      }
    },
    async subject(key, displayName) {
      const body = await getBody(key);
      if (body === null) throw new Error(`no object ${objectKey(key)} in bucket ${bucket}`);
      const dir = await mkdtemp(join(options.spoolDir ?? tmpdir(), 'sekisho-spool-'));
      const dispose = () => rm(dir, { recursive: true, force: true });
      try {
        const path = join(dir, 'object');
        await writeToFile(body, path);
        return { ...(await fileSubject(path, displayName)), dispose };
      } catch (error) {
        await dispose();
        throw error;
      }
    },
    async open(key) {
      const body = await getBody(key);
      if (body === null) throw new Error(`no object ${objectKey(key)} in bucket ${bucket}`);
      return body;
    },
    async sha256(key) {
      const body = await getBody(key);
      if (body === null) return null;
      const hash = createHash('sha256');
      await pipeline(body, hash);
      return hash.digest('hex');
    },
    async storedSha256(key) {
      return (await head(key))?.metadata[SHA256_METADATA] ?? null;
    },
    head,
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },
  };
}
