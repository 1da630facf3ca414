import { describe, expect, it } from 'vitest';
import { createWebhookSender } from '../../src/adapters/http/webhook-sender.js';
import { makeReleaseHandler } from '../../src/gate/release/make-release-handler.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { generateWebhookSecret } from '../../src/shared/webhooks/webhook-signature.js';
import { streamRecord, verdictItem } from './support/stream-records.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

function handlerFor(url: string) {
  return makeReleaseHandler({
    sender: createWebhookSender({
      url,
      secrets: [generateWebhookSecret()],
      clock: systemClock,
      timeoutMs: 2000,
    }),
    logger: silentLogger,
  });
}

describe('makeReleaseHandler', () => {
  it('reports the records whose webhook got a non-2xx answer, and the later records of the same file', async () => {
    const receiver = await startWebhookReceiver(({ headers }) =>
      headers['webhook-id'] === 'f_bad:v1' ? 503 : 200,
    );
    try {
      const bad1 = streamRecord(verdictItem('f_bad', 1));
      const good = streamRecord(verdictItem('f_good', 1));
      const bad2 = streamRecord(verdictItem('f_bad', 2));
      const response = await handlerFor(receiver.url)({ Records: [bad1, good, bad2] });
      expect(response.batchItemFailures).toEqual([
        { itemIdentifier: bad1.dynamodb.SequenceNumber },
        { itemIdentifier: bad2.dynamodb.SequenceNumber },
      ]);
      // The later record of the failed file was not sent ahead of the failed one.
      expect(receiver.received.map((r) => r.headers['webhook-id']).sort()).toEqual(['f_bad:v1', 'f_good:v1']);
    } finally {
      await receiver.close();
    }
  });

  it('reports every record when the web app cannot be reached', async () => {
    const receiver = await startWebhookReceiver();
    await receiver.close();
    const records = [streamRecord(verdictItem('f_1', 1)), streamRecord(verdictItem('f_2', 1))];
    const response = await handlerFor(receiver.url)({ Records: records });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      records.map((r) => r.dynamodb.SequenceNumber),
    );
  });

  it('skips REMOVE records and records that are not verdict items, without failing them', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const removed = streamRecord(verdictItem('f_old', 1), 'REMOVE');
      const foreign = streamRecord(verdictItem('f_x', 1));
      const notAVerdict = {
        ...foreign,
        dynamodb: { ...foreign.dynamodb, NewImage: { pk: { S: 'USER#1' }, name: { S: 'someone' } } },
      };
      const response = await handlerFor(receiver.url)({ Records: [removed, notAVerdict] });
      expect(response).toEqual({ batchItemFailures: [] });
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('sends the same webhook id for the same verdict version, so the receiver can deduplicate', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const item = verdictItem('f_1', 3);
      await handlerFor(receiver.url)({ Records: [streamRecord(item), streamRecord(item)] });
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(['f_1:v3', 'f_1:v3']);
      expect(receiver.received[0]?.body).toBe(receiver.received[1]?.body);
    } finally {
      await receiver.close();
    }
  });
});
