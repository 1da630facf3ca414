import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppFile, createMemoryFileStore } from '../../examples/receiver-express/file-store.js';
import { toVerdictWebhook } from '../../src/gate/release/verdict-webhook.js';
import type { VerdictItem } from '../../src/gate/stream-record.js';
import {
  createReleaseReceiver,
  type ReleaseReceiverOptions,
} from '../../src/runtime/receiver/create-release-receiver.js';
import type { Logger } from '../../src/shared/logger.js';
import { signWebhook } from '../../src/shared/webhooks/webhook-signature.js';

const secret = randomBytes(32).toString('base64');
const bytes = Buffer.from('a CV');
const sha256 = createHash('sha256').update(bytes).digest('hex');
const item: VerdictItem = {
  fileId: 'f_1',
  threadId: 't_1',
  version: 1,
  verdict: {
    kind: 'clean',
    findings: [],
    engines: [{ engine: 'builtin', version: '1' }],
    sha256,
    detectedType: 'text/plain',
    scannedAt: 1,
    durationMs: 1,
  },
  uploadedAt: 1,
  writtenAt: 2,
};

/** A logger that keeps what was logged at error level, to show what stays in the log. */
function recordingLogger(): Logger & { errors: object[] } {
  const errors: object[] = [];
  const logger: Logger & { errors: object[] } = {
    errors,
    info() {},
    warn() {},
    debug() {},
    error(obj) {
      errors.push(obj);
    },
    child: () => logger,
  };
  return logger;
}

function setUp(overrides: Partial<ReleaseReceiverOptions<AppFile>> = {}) {
  const files = createMemoryFileStore();
  files.insert({ id: 'f_1', threadId: 't_1', objectKey: 'f_1', sha256, name: 'cv.txt' });
  const logger = recordingLogger();
  const receiver = createReleaseReceiver({
    secrets: [secret],
    verdicts: { get: async (fileId) => (fileId === 'f_1' ? item : null) },
    objects: { sha256: async () => sha256 },
    files,
    logger,
    maxBodyBytes: 4096,
    ...overrides,
  });
  return { files, logger, receiver };
}

const signed = (body: string, id = 'f_1:v1') => ({
  ...signWebhook({ id, body, secrets: [secret], now: Date.now() }),
});

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((ok) => (server === undefined ? ok() : server.close(() => ok())));
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const started = createServer(handler);
  server = started;
  await new Promise<void>((ok) => started.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(started.address() as AddressInfo).port}/`;
}

describe('createReleaseReceiver', () => {
  it('publishes through its Node handler on a real node:http server', async () => {
    const { files, receiver } = setUp();
    const url = await listen((req, res) => void receiver.nodeHandler(req, res));
    const { body } = toVerdictWebhook(item);
    const response = await fetch(url, { method: 'POST', headers: signed(body), body });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ outcome: 'published', fileId: 'f_1' });
    expect(files.get('f_1')?.status).toBe('published');
  });

  it('answers 413 for a body over maxBodyBytes, before verifying anything', async () => {
    const { receiver } = setUp();
    const url = await listen((req, res) => void receiver.nodeHandler(req, res));
    const response = await fetch(url, { method: 'POST', body: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'WEBHOOK_BODY_TOO_LARGE' } });
  });

  it('refuses bytes that are not UTF-8 with 400, whatever their signature', async () => {
    const { receiver } = setUp();
    const out = await receiver.handle({ headers: signed('x'), rawBody: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(out.status).toBe(400);
    expect(JSON.parse(out.body)).toMatchObject({ error: { code: 'WEBHOOK_BODY_INVALID' } });
  });

  it('says so when handed a parsed body instead of the raw bytes (express.json() on the route)', async () => {
    const { receiver } = setUp();
    const { body } = toVerdictWebhook(item);
    const parsed = JSON.parse(body) as unknown as Uint8Array;
    const out = await receiver.handle({ headers: signed(body), rawBody: parsed });
    expect(out.status).toBe(400);
    expect(JSON.parse(out.body).error.message).toContain('raw body');
  });

  it('answers 500 INTERNAL with no details when the web app store fails, and logs the cause', async () => {
    const failing = createMemoryFileStore();
    const { logger, receiver } = setUp({
      files: { ...failing, getFile: () => Promise.reject(new Error('connection to db-7.internal refused')) },
    });
    const { body } = toVerdictWebhook(item);
    const out = await receiver.handle({ headers: signed(body), rawBody: body });
    expect(out.status).toBe(500);
    expect(out.body).not.toContain('db-7');
    expect(JSON.parse(out.body)).toEqual({
      error: { code: 'INTERNAL', message: 'An internal error occurred; the details are in the server log.' },
    });
    expect(JSON.stringify(logger.errors.map((e) => String((e as { err?: unknown }).err)))).toContain('db-7');
  });

  it('reads the secrets on every call, so a rotation needs no restart', async () => {
    let secrets = ['old-secret'];
    const { receiver } = setUp({ secrets: () => secrets });
    const { body } = toVerdictWebhook(item);
    expect((await receiver.handle({ headers: signed(body), rawBody: body })).status).toBe(401);
    secrets = ['old-secret', secret];
    expect((await receiver.handle({ headers: signed(body), rawBody: body })).status).toBe(200);
  });

  it('keeps the verdict applied when onApplied throws, and logs it', async () => {
    const { files, logger, receiver } = setUp({
      onApplied: () => {
        throw new Error('mail server down');
      },
    });
    const { body } = toVerdictWebhook(item);
    const out = await receiver.handle({ headers: signed(body), rawBody: body });
    expect(JSON.parse(out.body)).toEqual({ outcome: 'published', fileId: 'f_1' });
    expect(files.get('f_1')?.status).toBe('published');
    expect(logger.errors).toHaveLength(1);
  });
});
