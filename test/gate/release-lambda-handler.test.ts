import { afterEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/runtime/lambda/release-handler.js';
import { generateWebhookSecret, verifyWebhook } from '../../src/shared/webhooks/webhook-signature.js';
import { streamRecord, verdictItem } from './support/stream-records.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('the release Lambda handler', () => {
  it('posts one signed verdict webhook per record of a DynamoDB Streams event to a real endpoint', async () => {
    const secret = generateWebhookSecret();
    const receiver = await startWebhookReceiver();
    process.env.SEKISHO_WEBHOOK_URL = receiver.url;
    process.env.SEKISHO_WEBHOOK_SECRETS = secret;
    process.env.LOG_LEVEL = 'silent';
    try {
      const event = {
        Records: [streamRecord(verdictItem('f_a', 1)), streamRecord(verdictItem('f_b', 2, 'infected'))],
      };
      const response = await handler(event);
      expect(response).toEqual({ batchItemFailures: [] });
      expect(receiver.received.map((r) => r.headers['webhook-id']).sort()).toEqual(['f_a:v1', 'f_b:v2']);
      for (const { headers, body } of receiver.received) {
        const verified = verifyWebhook({
          headers: {
            'webhook-id': headers['webhook-id'] as string,
            'webhook-timestamp': headers['webhook-timestamp'] as string,
            'webhook-signature': headers['webhook-signature'] as string,
          },
          body,
          secrets: [secret],
          now: Date.now(),
        });
        const parsed = JSON.parse(body) as { type: string; data: { fileId: string; version: number } };
        expect(parsed.type).toBe('verdict.written');
        expect(verified.id).toBe(`${parsed.data.fileId}:v${parsed.data.version}`);
      }
    } finally {
      await receiver.close();
    }
  });
});
