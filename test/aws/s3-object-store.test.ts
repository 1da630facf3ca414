import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3ObjectStore } from '../../src/adapters/s3/s3-object-store.js';
import { UploadTooLargeError } from '../../src/gate/files/upload-errors.js';
import { s3rverClientConfig } from './support/local-aws.js';
import { type RunningS3rver, startS3rver } from './support/s3rver-local.js';

// Real servers (a JVM among them) on a 2-core machine shared with other suites: generous limits.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const BUCKET = 'gate-objects';
let s3rver: RunningS3rver;
let client: S3Client;

beforeAll(async () => {
  s3rver = await startS3rver([BUCKET]);
  client = new S3Client(s3rverClientConfig(s3rver.endpoint));
});
afterAll(async () => {
  client?.destroy();
  await s3rver?.stop();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
async function* chunks(bytes: Uint8Array, size = 64 * 1024): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of body) parts.push(c);
  return Buffer.concat(parts);
}
async function keysIn(prefix: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key ?? '');
}

/**
 * Waits until `key` reads back as `bytes`. S3 reads its writes at once; s3rver answers a PUT of a
 * small body before its file is written (it resolves on `end()`, not on the write stream's
 * `finish`), so a GET right after can read an empty file on a busy machine.
 */
async function untilStored(key: string, bytes: Buffer): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 10_000; ) {
    const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    if (Buffer.from((await out.Body?.transformToByteArray()) ?? []).equals(bytes)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`s3rver never stored the bytes of ${key}`);
}

describe('S3 object store (s3rver)', () => {
  const store = () => createS3ObjectStore({ client, bucket: BUCKET });

  it('streams an upload into quarantine with its sha256 in the metadata, and the bytes survive the round trip', async () => {
    const bytes = randomBytes(300_000);
    const put = await store().putQuarantined('f_small', chunks(bytes), 1_000_000);
    expect(put).toEqual({ size: bytes.length, sha256: sha(bytes) });
    expect(await store().storedSha256('f_small')).toBe(sha(bytes));
    expect(await store().sha256('f_small')).toBe(sha(bytes));
    expect(sha(await collect(await store().open('f_small')))).toBe(sha(bytes));
    expect(await keysIn('incoming/')).toEqual([]);
  });

  it('uploads a body larger than one part in parts, without aws-chunked framing in the stored bytes', async () => {
    const bytes = randomBytes(12 * 1024 * 1024);
    const put = await store().putQuarantined('f_multipart', chunks(bytes, 1024 * 1024), 20 * 1024 * 1024);
    expect(put.sha256).toBe(sha(bytes));
    expect(await store().sha256('f_multipart')).toBe(sha(bytes));
  });

  it('fires one ObjectCreated event under the quarantine prefix, once the object is complete', async () => {
    await store().putQuarantined('f_event', chunks(Buffer.from('hello')), 100);
    const event = await s3rver.nextEvent((e) => e.Records[0]?.s3.object.key === 'quarantine/f_event');
    expect(event.Records[0]?.eventName).toMatch(/^ObjectCreated:/);
    const quarantineEvents = s3rver.events.filter(
      (e) => e.Records[0]?.s3.object.key === 'quarantine/f_event',
    );
    expect(quarantineEvents).toHaveLength(1);
  });

  it('refuses a body over the limit and leaves nothing behind', async () => {
    const bytes = randomBytes(200_000);
    await expect(store().putQuarantined('f_big', chunks(bytes), 100_000)).rejects.toBeInstanceOf(
      UploadTooLargeError,
    );
    expect(await keysIn('quarantine/f_big')).toEqual([]);
    expect(await keysIn('incoming/')).toEqual([]);
  });

  it('spools an object for the engines, with the hash of the bytes it holds, and removes the copy on dispose', async () => {
    const bytes = Buffer.from('%PDF-1.4 not really a pdf');
    await store().putQuarantined('f_spool', chunks(bytes), 1000);
    const subject = await store().subject('f_spool', 'cv.pdf');
    expect(subject).toMatchObject({ displayName: 'cv.pdf', size: bytes.length, sha256: sha(bytes) });
    expect(Buffer.from(await subject.read(0, 4)).toString()).toBe('%PDF');
    await subject.dispose();
    await expect(collect(subject.stream())).rejects.toThrow(/ENOENT/);
  });

  it('re-hashes the stored bytes rather than trusting the metadata', async () => {
    await store().putQuarantined('f_swapped', chunks(Buffer.from('original')), 100);
    // Someone with PutObject replaces the bytes and copies the old hash into the metadata.
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'quarantine/f_swapped',
        Body: 'swapped',
        Metadata: { sha256: sha(Buffer.from('original')) },
      }),
    );
    await untilStored('quarantine/f_swapped', Buffer.from('swapped'));
    expect(await store().storedSha256('f_swapped')).toBe(sha(Buffer.from('original')));
    expect(await store().sha256('f_swapped')).toBe(sha(Buffer.from('swapped')));
  });

  it('answers null for a missing object, deletes, and refuses keys that could leave the prefix', async () => {
    expect(await store().sha256('f_missing')).toBeNull();
    expect(await store().storedSha256('f_missing')).toBeNull();
    await store().putQuarantined('f_gone', chunks(Buffer.from('x')), 10);
    await store().delete('f_gone');
    expect(await store().sha256('f_gone')).toBeNull();
    expect(() => store().objectKey('../incoming/x')).toThrow(/invalid object key/);
  });
});
