import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynamoDbChangeStream } from '../../src/adapters/dynamodb/dynamodb-change-stream.js';
import { createDynamoDbVerdictStore } from '../../src/adapters/dynamodb/dynamodb-verdict-store.js';
import { createDynamoDbReleaseLedger } from '../../src/adapters/dynamodb/release-ledger.js';
import { createWebhookSender } from '../../src/adapters/http/webhook-sender.js';
import { reconcile } from '../../src/runtime/lambda/reconcile-handler.js';
import { makeReleaseBatchHandler } from '../../src/runtime/lambda/release-batch-handler.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { generateWebhookSecret } from '../../src/shared/webhooks/webhook-signature.js';
import { startWebhookReceiver } from '../gate/support/webhook-receiver.js';
import { verdictItem } from '../stream/stream-fixtures.js';
import { type AwsInABox, startAwsInABox } from './support/aws-in-a-box.js';
import { createVerdictTable } from './support/verdict-table.js';

// Real servers (a JVM among them) on a 2-core machine shared with other suites: generous limits.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let box: AwsInABox;
beforeAll(async () => {
  box = await startAwsInABox([]);
});
afterAll(async () => {
  await box?.stop();
});

/** A verdict table with its stream, a receiver answering `status`, and the handler wired to both. */
async function setUp(status: (fileId: string) => number) {
  const { tableName, streamArn } = await createVerdictTable(box.dynamodb);
  const receiver = await startWebhookReceiver((r) =>
    status((JSON.parse(r.body) as { data: { fileId: string } }).data.fileId),
  );
  const sender = createWebhookSender({
    url: receiver.url,
    secrets: [generateWebhookSecret()],
    clock: systemClock,
  });
  const ledger = createDynamoDbReleaseLedger({ client: box.dynamodb, tableName });
  const store = createDynamoDbVerdictStore({ client: box.dynamodb, tableName });
  const stream = createDynamoDbChangeStream({ client: box.streams, streamArn });
  const emitted: Record<string, number>[] = [];
  const handler = makeReleaseBatchHandler({
    sender,
    ledger,
    clock: systemClock,
    logger: silentLogger,
    metrics: (_dimensions, metrics) =>
      emitted.push(Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, v.value]))),
  });
  const event = async (after = '') =>
    ({ Records: await stream.read(after, 100) }) as unknown as DynamoDBStreamEvent;
  return {
    receiver,
    sender,
    ledger,
    store,
    handler,
    event,
    emitted,
    close: () => {
      sender.close();
      return receiver.close();
    },
  };
}

describe('the release function on AWS (Powertools batch, DynamoDB Streams records)', () => {
  it('delivers each verdict in stream order and records the release; receipts are then not pending', async () => {
    const t = await setUp(() => 200);
    try {
      await t.store.put(verdictItem('f_a', { writtenAt: 1 }));
      await t.store.put(verdictItem('f_a', { version: 2, writtenAt: 2 }));
      await t.store.put(verdictItem('f_b', { writtenAt: 3 }));
      expect(await t.handler(await t.event())).toEqual({ batchItemFailures: [] });
      expect(t.receiver.received.map((r) => r.headers['webhook-id'])).toEqual(['f_a:v1', 'f_a:v2', 'f_b:v1']);
      expect(await t.ledger.listUnreleased(Number.MAX_SAFE_INTEGER)).toEqual([]);
      // The receipts' own stream records carry no verdict: skipped, never sent.
      const all = await t.event();
      expect(all.Records.length).toBeGreaterThan(3);
      await t.handler(all);
      expect(t.receiver.received).toHaveLength(6);
    } finally {
      await t.close();
    }
  });

  it('reports a refused file’s records (and that file’s later ones, unsent) by sequence number; others go through', async () => {
    const t = await setUp((fileId) => (fileId === 'f_bad' ? 503 : 200));
    try {
      await t.store.put(verdictItem('f_bad', { writtenAt: 1 }));
      await t.store.put(verdictItem('f_ok', { writtenAt: 2 }));
      await t.store.put(verdictItem('f_bad', { version: 2, writtenAt: 3 }));
      const event = await t.event();
      const sequences = event.Records.map((r) => r.dynamodb?.SequenceNumber);
      const response = await t.handler(event);
      expect(response.batchItemFailures).toEqual([
        { itemIdentifier: sequences[0] },
        { itemIdentifier: sequences[2] },
      ]);
      expect(t.receiver.received.map((r) => r.headers['webhook-id'])).toEqual(['f_bad:v1', 'f_ok:v1']);
      expect(
        (await t.ledger.listUnreleased(Number.MAX_SAFE_INTEGER)).map((i) => `${i.fileId}:v${i.version}`),
      ).toEqual(['f_bad:v2']);
      // The release outcomes, as the function's embedded metrics report them.
      expect(t.emitted).toEqual([{ Released: 1, ReleaseFailed: 2, ReleaseSkipped: 0 }]);
    } finally {
      await t.close();
    }
  });

  it('throws when every record fails, so the event source mapping retries and bisects the batch', async () => {
    const t = await setUp(() => 500);
    try {
      await t.store.put(verdictItem('f_x'));
      await expect(t.handler(await t.event())).rejects.toThrow(/All records failed/i);
    } finally {
      await t.close();
    }
  });

  it('the reconciliation re-sends verdicts whose release never arrived, past the grace period only', async () => {
    let up = false;
    const t = await setUp(() => (up ? 200 : 503));
    try {
      await t.store.put(verdictItem('f_old', { writtenAt: 1_000 }));
      await t.store.put(verdictItem('f_new', { writtenAt: 9_000 }));
      await t.handler(await t.event()).catch(() => {});
      up = true;
      const clock = { now: () => 10_000 };
      const deps = { ledger: t.ledger, sender: t.sender, clock, logger: silentLogger, graceMs: 5_000 };
      expect(await reconcile(deps)).toEqual({ found: 1, released: 1, failed: [] });
      expect(t.receiver.received.at(-1)?.headers['webhook-id']).toBe('f_old:v1');
      expect(await reconcile(deps)).toEqual({ found: 0, released: 0, failed: [] });
    } finally {
      await t.close();
    }
  });
});
