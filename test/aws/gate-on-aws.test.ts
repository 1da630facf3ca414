import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createDynamoDbChangeStream,
  type DynamoDbChangeStream,
} from '../../src/adapters/dynamodb/dynamodb-change-stream.js';
import { createDynamoDbVerdictStore } from '../../src/adapters/dynamodb/dynamodb-verdict-store.js';
import { createS3ObjectStore } from '../../src/adapters/s3/s3-object-store.js';
import { type GateDatabase, openGateDatabase } from '../../src/adapters/sqlite/open-gate-database.js';
import { createStreamDispatcher, type StreamDispatcher } from '../../src/gate/stream/dispatcher.js';
import type { StreamHandler } from '../../src/gate/stream/ports.js';
import { runCli } from '../../src/runtime/cli/main.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { generateWebhookSecret } from '../../src/shared/webhooks/webhook-signature.js';
import { clamavTestFiles } from '../fixtures/clamav/test-files.js';
import { type AwsInABox, sqsEvent, startAwsInABox } from './support/aws-in-a-box.js';
import { ensureSynth } from './support/synth.js';
import { readSynthesizedApp } from './support/synthesized-app.js';
import { createVerdictTable } from './support/verdict-table.js';
import { startWebAppOnAws } from './support/web-app-on-aws.js';

// Real servers (a JVM among them) on a 2-core machine shared with other suites: generous limits.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// The AWS-shaped path end to end on this machine: the scan and release functions exactly as
// bundled in cdk.out, DynamoDB Local with its real stream, s3rver, and sekisho's own dispatcher
// playing Lambda's event source mapping over the DynamoDB Streams API with the settings read from
// the synthesised template.

const BUCKET = 'sekisho-gate';
type ScanHandler = (event: ReturnType<typeof sqsEvent>, context?: unknown) => Promise<SQSBatchResponse>;

let box: AwsInABox;
let webApp: Awaited<ReturnType<typeof startWebAppOnAws>>;
let scan: ScanHandler;
let dispatcher: StreamDispatcher;
let stream: DynamoDbChangeStream;
let gateDb: GateDatabase;
let dir: string;
let tableName: string;
const secret = generateWebhookSecret();

beforeAll(async () => {
  const app = readSynthesizedApp(await ensureSynth());
  box = await startAwsInABox([BUCKET]);
  const table = await createVerdictTable(box.dynamodb);
  tableName = table.tableName;
  webApp = await startWebAppOnAws(
    createS3ObjectStore({ client: box.s3, bucket: BUCKET }),
    createDynamoDbVerdictStore({ client: box.dynamodb, tableName }),
    secret,
  );
  // What the construct puts in the functions' environment, pointed at the local servers.
  Object.assign(process.env, {
    SEKISHO_VERDICT_TABLE: tableName,
    SEKISHO_BUCKET: BUCKET,
    SEKISHO_QUARANTINE_PREFIX: 'quarantine/',
    SEKISHO_ENGINES: 'builtin',
    SEKISHO_WEBHOOK_URL: webApp.url,
    SEKISHO_WEBHOOK_SECRETS: secret,
  });
  scan = await app.importHandler<ScanHandler>('FileGateScan');
  const release = await app.importHandler<StreamHandler>('FileGateRelease');
  dir = await mkdtemp(join(tmpdir(), 'sekisho-esm-'));
  gateDb = openGateDatabase(join(dir, 'esm.sqlite'));
  stream = createDynamoDbChangeStream({
    client: box.streams,
    streamArn: table.streamArn,
    pollIntervalMs: 100,
  });
  dispatcher = createStreamDispatcher({
    stream,
    checkpoints: gateDb.checkpoints,
    deadLetters: gateDb.deadLetters,
    handler: release,
    // Lambda's retry backoff is not a setting; a short one keeps the test quick.
    config: { ...app.releaseMapping(), retryBaseDelayMs: 20, retryMaxDelayMs: 200 },
    clock: systemClock,
    logger: silentLogger,
  });
  dispatcher.start();
}, 600_000);

afterAll(async () => {
  await dispatcher?.stop();
  stream?.close();
  gateDb?.close();
  await webApp?.close();
  await box?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** S3 → SQS: the ObjectCreated notification s3rver emitted for the file, handed to the scan function. */
async function deliverUploadEvent(fileId: string) {
  const event = await box.s3rver.nextEvent((e) => e.Records[0]?.s3.object.key === `quarantine/${fileId}`);
  expect(await scan(sqsEvent([JSON.stringify(event)]))).toEqual({ batchItemFailures: [] });
}

function cli(args: string[]) {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  return runCli(args, {
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    env: process.env,
    cwd: dir,
  }).then((code) => ({ code, out, err }));
}

describe('the gate on AWS, in a box', () => {
  it('publishes an uploaded CV on the company’s side once the bundled functions have scanned and released it', async () => {
    const fileId = await webApp.upload('履歴書.txt', Buffer.from('Work history: ten years of TypeScript.\n'));
    expect(webApp.companySees(fileId)).toBe(false);
    await deliverUploadEvent(fileId);
    await waitFor('the file is published', () => webApp.companySees(fileId));
    expect(webApp.status(fileId)).toBe('published');
  });

  it('never shows the company an infected file', async () => {
    const fileId = await webApp.upload('invoice.txt', clamavTestFiles.eicar);
    await deliverUploadEvent(fileId);
    await waitFor('the verdict is applied', () => webApp.status(fileId) !== 'scanning');
    expect(webApp.status(fileId)).toBe('blocked');
    expect(webApp.companySees(fileId)).toBe(false);
  });

  it('sends the records to the dead letters while the web app fails, and `sekisho dlq replay --table` recovers them', async () => {
    webApp.setDown(true);
    const before = await gateDb.deadLetters.count();
    const fileId = await webApp.upload('portfolio.txt', Buffer.from('Projects: a file gate.\n'));
    await deliverUploadEvent(fileId);
    await waitFor('the release gives up', async () => (await gateDb.deadLetters.count()) > before, 60_000);
    const [entry] = (await gateDb.deadLetters.list()).slice(-1);
    expect(entry?.condition).toBe('RetryAttemptsExhausted');
    expect(entry?.fileIds).toEqual([fileId]);
    expect(webApp.companySees(fileId)).toBe(false);

    const listed = await cli(['dlq', 'list', '--table', tableName]);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`${fileId}:v1  clean`);

    webApp.setDown(false);
    const replayed = await cli(['dlq', 'replay', '--all', '--table', tableName]);
    expect(replayed).toMatchObject({ code: 0, out: '1 of 1 unreleased verdicts replayed.\n' });
    expect(webApp.companySees(fileId)).toBe(true);
    expect((await cli(['dlq', 'list', '--table', tableName])).out).toContain('was released');
  });
});
