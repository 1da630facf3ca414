import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryFileStore } from '../../examples/receiver-express/file-store.js';
import { createS3ObjectStore, type S3ObjectStore } from '../../src/adapters/s3/s3-object-store.js';
import {
  openSqliteVerdictStore,
  type SqliteVerdictStore,
} from '../../src/adapters/sqlite/sqlite-verdict-store.js';
import { createReleaseReceiver, s3ObjectReader } from '../../src/exports/receiver.js';
import { toVerdictWebhook } from '../../src/gate/release/verdict-webhook.js';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { makeScanJob } from '../../src/gate/scan/scan-job.js';
import { OBJECT_METADATA, readScanRequest } from '../../src/runtime/lambda/scan-request.js';
import {
  createQuarantineUploadPresigner,
  type PresignedUpload,
} from '../../src/runtime/receiver/quarantine-upload-presigner.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { signWebhook } from '../../src/shared/webhooks/webhook-signature.js';
import { samples } from '../fixtures/files/samples.js';
import { s3rverClientConfig } from './support/local-aws.js';
import { type RunningS3rver, startS3rver } from './support/s3rver-local.js';

// Presigned uploads straight into the quarantine prefix, against s3rver: the uploader's PUT with
// the URL and headers the app issued, then the scan function as it runs on AWS (scanObject over
// the S3 object store), then sekisho/receiver re-hashing from S3. s3rver checks a URL's expiry
// but not SigV4 signatures, so a body of another size or other bytes is refused here by the
// second lock (the receiver's sha256 check), where S3 itself would refuse it at the PUT.

const bucket = 'uploads';
const maxBytes = 64 * 1024;
const threadId = 't_presigned';
let s3rver: RunningS3rver;
let client: S3Client;
let objects: S3ObjectStore;
let dir: string;
let verdicts: SqliteVerdictStore;

beforeAll(async () => {
  s3rver = await startS3rver([bucket]);
  client = new S3Client(s3rverClientConfig(s3rver.endpoint));
  objects = createS3ObjectStore({ client, bucket });
  dir = await mkdtemp(join(tmpdir(), 'sekisho-presigned-'));
  verdicts = openSqliteVerdictStore({ path: join(dir, 'verdicts.sqlite') });
});

afterAll(async () => {
  client?.destroy();
  verdicts?.close();
  await s3rver?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const presigner = (clock = systemClock) =>
  createQuarantineUploadPresigner({ bucket, maxBytes, client, clock, expiresInSeconds: 300 });

/** The uploader's PUT, with exactly the URL and headers the app handed out. */
const put = (upload: PresignedUpload, body: Buffer) =>
  fetch(upload.url, { method: upload.method, headers: upload.headers, body });

/** The scan function's core as it runs on AWS: the object's request, then the core scan job. */
async function scanQuarantined(fileId: string) {
  const { request } = await readScanRequest(objects, fileId);
  const job = makeScanJob({
    objects,
    verdicts,
    engines: () => [createBuiltinScanner()],
    clock: systemClock,
    logger: silentLogger,
    timeoutMs: 10_000,
    sleep: async () => {},
  });
  return job.scanOnce(request);
}

describe('presigned uploads into the quarantine prefix', () => {
  it('stores the upload byte for byte under the quarantine prefix, with the metadata the scan reads', async () => {
    const upload = await presigner().presign({
      threadId,
      name: '履歴書.txt',
      size: samples.text.length,
      sha256: sha256(samples.text),
    });
    expect(upload.fileId).toMatch(/^f_[0-9a-f]{32}$/);
    const created = s3rver.nextEvent((e) => e.Records[0]?.s3.object.key === `quarantine/${upload.fileId}`);
    expect((await put(upload, samples.text)).status).toBe(200);
    // The ObjectCreated event the FileGate's queue receives, for the quarantine key.
    expect((await created).Records[0]?.eventName).toMatch(/^ObjectCreated:/);
    expect(await objects.sha256(upload.objectKey)).toBe(sha256(samples.text));
    const head = await objects.head(upload.objectKey);
    expect(head?.metadata).toMatchObject({
      [OBJECT_METADATA.threadId]: threadId,
      [OBJECT_METADATA.displayName]: encodeURIComponent('履歴書.txt'),
      sha256: sha256(samples.text),
    });
  });

  it('is picked up by the scan function: clean text gets a clean verdict for its sha256, EICAR does not', async () => {
    for (const [bytes, kind] of [
      [samples.text, 'clean'],
      [samples.eicar, 'infected'],
    ] as const) {
      const upload = await presigner().presign({
        threadId,
        name: 'file.txt',
        size: bytes.length,
        sha256: sha256(bytes),
      });
      expect((await put(upload, bytes)).status).toBe(200);
      const item = await scanQuarantined(upload.fileId);
      expect(item).toMatchObject({ fileId: upload.fileId, version: 1, verdict: { kind } });
      expect((await verdicts.get(upload.fileId))?.verdict.sha256).toBe(sha256(bytes));
    }
  });

  it('signs the size, the checksum and every metadata header, and hoists none into the query', async () => {
    const upload = await presigner().presign({
      threadId,
      name: 'a.txt',
      size: 5,
      sha256: sha256(Buffer.from('hello')),
    });
    const query = new URL(upload.url).searchParams;
    expect(query.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining([
        'content-length',
        'host',
        'x-amz-checksum-sha256',
        `x-amz-meta-${OBJECT_METADATA.threadId}`,
        `x-amz-meta-${OBJECT_METADATA.uploadedAt}`,
        `x-amz-meta-${OBJECT_METADATA.displayName}`,
        'x-amz-meta-sha256',
      ]),
    );
    expect(query.get('X-Amz-Expires')).toBe('300');
    expect([...query.keys()].filter((k) => k.toLowerCase().startsWith('x-amz-meta-'))).toEqual([]);
    expect(upload.headers).toMatchObject({
      'content-length': '5',
      'x-amz-checksum-sha256': Buffer.from(sha256(Buffer.from('hello')), 'hex').toString('base64'),
    });
  });

  it('refuses an expired URL: nothing lands in quarantine', async () => {
    // A URL issued ten minutes ago with a five-minute expiry.
    const issuedEarlier = { now: () => Date.now() - 10 * 60_000 };
    const upload = await presigner(issuedEarlier).presign({
      threadId,
      name: 'late.txt',
      size: samples.text.length,
      sha256: sha256(samples.text),
    });
    const response = await put(upload, samples.text);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('expired');
    expect(await objects.head(upload.objectKey)).toBeNull();
  });

  it('refuses to issue a URL for a file over the limit, or with a malformed request', async () => {
    await expect(
      presigner().presign({ threadId, name: 'big.bin', size: maxBytes + 1, sha256: 'a'.repeat(64) }),
    ).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE', status: 413 });
    await expect(
      presigner().presign({ threadId, name: '', size: 0, sha256: 'nothex' }),
    ).rejects.toMatchObject({
      code: 'UPLOAD_REQUEST_INVALID',
      status: 400,
      message: expect.stringMatching(/size .*; sha256 .*; name /),
    });
  });

  it('never publishes bytes other than the ones declared, even where the PUT is not refused', async () => {
    const declared = samples.text;
    const other = Buffer.from('Name: Someone Else\nWork: another CV altogether\n');
    const upload = await presigner().presign({
      threadId,
      name: 'swap.txt',
      size: declared.length,
      sha256: sha256(declared),
    });
    // S3 refuses this PUT (another length than the one signed, another checksum); s3rver stores it.
    const { 'content-length': _, 'x-amz-checksum-sha256': __, ...headers } = upload.headers;
    expect((await fetch(upload.url, { method: 'PUT', headers, body: other })).status).toBe(200);
    await scanQuarantined(upload.fileId);
    const item = await verdicts.get(upload.fileId);
    expect(item?.verdict.kind).toBe('clean');

    const files = createMemoryFileStore();
    files.insert({
      id: upload.fileId,
      threadId,
      objectKey: upload.objectKey,
      sha256: sha256(declared),
      name: 'swap.txt',
    });
    const secret = randomBytes(32).toString('base64');
    const receiver = createReleaseReceiver({
      secrets: [secret],
      verdicts,
      objects: s3ObjectReader({ bucket, client }),
      files,
    });
    if (item === null) throw new Error('no verdict');
    const message = toVerdictWebhook(item);
    const out = await receiver.handle({
      headers: { ...signWebhook({ id: message.id, body: message.body, secrets: [secret], now: Date.now() }) },
      rawBody: Buffer.from(message.body),
    });
    expect(out.status).toBe(200);
    expect(JSON.parse(out.body)).toEqual({ outcome: 'blocked', fileId: upload.fileId });
    expect(files.get(upload.fileId)?.status).toBe('blocked');
  });
});
