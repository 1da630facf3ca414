import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp } from '../../examples/receiver-express/app.js';
import { createMemoryFileStore } from '../../examples/receiver-express/file-store.js';
import { createFsObjectStore, type FsObjectStore } from '../../src/adapters/fs/object-store.js';
import { createWebhookSender, WebhookDeliveryError } from '../../src/adapters/http/webhook-sender.js';
import {
  openSqliteVerdictStore,
  type SqliteVerdictStore,
} from '../../src/adapters/sqlite/sqlite-verdict-store.js';
import { makeReleaseHandler } from '../../src/gate/release/make-release-handler.js';
import { toVerdictWebhook } from '../../src/gate/release/verdict-webhook.js';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { scanFile } from '../../src/gate/scan/scan-file.js';
import type { VerdictItem } from '../../src/gate/stream-record.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { signWebhook } from '../../src/shared/webhooks/webhook-signature.js';
import { samples } from '../fixtures/files/samples.js';
import { createAppliedLog } from './applied-log.js';

// The Express example over real HTTP, called by sekisho's own release function (the code the
// release Lambda runs) through its real webhook sender; the verdicts come from the built-in
// engine's scan of the bytes in a real object store, written to the real SQLite verdict table,
// and read back from its change stream.

const secret = randomBytes(32).toString('base64');
const threadId = 't_example';
let dir: string;
let objects: FsObjectStore;
let verdicts: SqliteVerdictStore;
let server: Server;
let url: string;
let streamPosition = '';
const files = createMemoryFileStore();
const applied = createAppliedLog();
const sender = () =>
  createWebhookSender({ url: `${url}/api/webhooks/verdicts`, secrets: [secret], clock: systemClock });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-express-'));
  objects = await createFsObjectStore(join(dir, 'quarantine'));
  verdicts = openSqliteVerdictStore({ path: join(dir, 'verdicts.sqlite') });
  const app = createExampleApp({ secrets: [secret], verdicts, objects, files, onApplied: applied.record });
  server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((ok) => {
    server?.close(() => ok());
    server?.closeAllConnections();
  });
  verdicts?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** The uploader's side: bytes into quarantine, the file recorded by the app (`scanning`). */
async function upload(name: string, bytes: Buffer): Promise<string> {
  const id = `f_${randomBytes(8).toString('hex')}`;
  const stored = await objects.putQuarantined(
    id,
    (async function* () {
      yield bytes;
    })(),
    1024 * 1024,
  );
  files.insert({ id, threadId, objectKey: id, sha256: stored.sha256, name });
  return id;
}

/** The scan: the built-in engine over the stored bytes, the verdict written as the next version. */
async function scan(fileId: string, version = 1): Promise<VerdictItem> {
  const subject = await objects.subject(fileId, fileId);
  const verdict = await scanFile(subject, [createBuiltinScanner()], {
    timeoutMs: 10_000,
    clock: systemClock,
  });
  const item: VerdictItem = {
    fileId,
    threadId,
    version,
    verdict,
    uploadedAt: Date.now(),
    writtenAt: Date.now(),
  };
  expect(await verdicts.put(item)).toEqual({ written: true });
  return item;
}

/** The release: the stream's new records through the release function, as the Lambda gets them. */
async function release(): Promise<void> {
  const records = await verdicts.read(streamPosition, 100);
  streamPosition = records.at(-1)?.dynamodb.SequenceNumber ?? streamPosition;
  const webhook = sender();
  try {
    const result = await makeReleaseHandler({ sender: webhook, logger: silentLogger })({ Records: records });
    expect(result.batchItemFailures).toEqual([]);
  } finally {
    webhook.close();
  }
}

const companySees = async (fileId: string) => (await fetch(`${url}/api/files/${fileId}`)).status;

describe('the Express example receiving sekisho release calls', () => {
  it('publishes a clean file the release function delivers; the company then sees it', async () => {
    const id = await upload('cv.txt', samples.text);
    expect(await companySees(id)).toBe(404);
    await scan(id);
    await release();
    expect(files.get(id)?.status).toBe('published');
    expect(applied.outcomesOf(id)).toEqual(['published']);
    expect(await companySees(id)).toBe(200);
  });

  it('never publishes an infected file (the EICAR test file)', async () => {
    const id = await upload('eicar.com', samples.eicar);
    const item = await scan(id);
    expect(item.verdict.kind).toBe('infected');
    await release();
    expect(files.get(id)?.status).toBe('blocked');
    expect(await companySees(id)).toBe(404);
  });

  it('refuses a call signed with another secret with 401, and changes nothing', async () => {
    const id = await upload('notes.txt', samples.text);
    const item = await scan(id);
    const forger = createWebhookSender({
      url: `${url}/api/webhooks/verdicts`,
      secrets: [randomBytes(32).toString('base64')],
      clock: systemClock,
    });
    try {
      const refused = await forger.send(toVerdictWebhook(item)).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(WebhookDeliveryError);
      expect((refused as WebhookDeliveryError).receiverStatus).toBe(401);
    } finally {
      forger.close();
    }
    expect(files.get(id)?.status).toBe('scanning');
    await release();
    expect(files.get(id)?.status).toBe('published');
  });

  it('answers a replayed call `duplicate` and applies it once', async () => {
    const id = await upload('letter.txt', samples.text);
    const item = await scan(id);
    await release();
    const message = toVerdictWebhook(item);
    const replay = await fetch(`${url}/api/webhooks/verdicts`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signWebhook({ id: message.id, body: message.body, secrets: [secret], now: Date.now() }),
      },
      body: message.body,
    });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ outcome: 'duplicate', fileId: id });
    expect(applied.outcomesOf(id)).toEqual(['published']);
  });

  it('refuses with 409 a version the verdict table never held, even signed with the right secret', async () => {
    const id = await upload('resume.txt', samples.text);
    const item = await scan(id);
    const invented = { ...item, version: 2, verdict: { ...item.verdict, kind: 'clean' as const } };
    const webhook = sender();
    try {
      const refused = await webhook.send(toVerdictWebhook(invented)).then(
        () => null,
        (error: unknown) => error,
      );
      expect((refused as WebhookDeliveryError).receiverStatus).toBe(409);
    } finally {
      webhook.close();
    }
    expect(files.get(id)).toMatchObject({ status: 'scanning', verdictVersion: 0 });
    expect(applied.outcomesOf(id)).toEqual([]);
  });

  it('revokes a published file when a newer verdict finds it unsafe', async () => {
    const id = await upload('report.txt', samples.text);
    const first = await scan(id);
    await release();
    expect(await companySees(id)).toBe(200);
    const infected = {
      ...first,
      version: 2,
      writtenAt: Date.now(),
      verdict: {
        ...first.verdict,
        kind: 'infected' as const,
        findings: [
          { engine: 'clamd', rule: 'Win.Test.EICAR_HDB-1', detail: 'a re-scan with newer signatures' },
        ],
      },
    };
    expect(await verdicts.put(infected)).toEqual({ written: true });
    await release();
    expect(files.get(id)?.status).toBe('revoked');
    expect(await companySees(id)).toBe(404);
  });

  it('refuses an unsigned call with 401 SIGNATURE_INVALID', async () => {
    const response = await fetch(`${url}/api/webhooks/verdicts`, { method: 'POST', body: 'not json' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
  });
});
