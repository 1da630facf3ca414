import { afterEach, describe, expect, it } from 'vitest';
import { WebApiNotifier } from '../../src/adapters/slack/web-api-notifier.js';
import { WebhookNotifier } from '../../src/adapters/slack/webhook-notifier.js';
import type { LocalServer } from '../servers/local-http-server.js';
import { startSlackServer } from '../servers/slack-server.js';

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const message = {
  text: 'nightly-billing failed: ExportInvoices ran out of memory',
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: 'Out of memory in ExportInvoices' } },
    { type: 'section', text: { type: 'mrkdwn', text: '*Container* `billing-export` exited with 137.' } },
  ],
};

describe('WebhookNotifier (@slack/webhook) against a local Slack', () => {
  it('waits out a 429 Retry-After, then delivers the message', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 1, retryAfterSeconds: 1 });
    servers.push(slack);
    const started = Date.now();
    await new WebhookNotifier(slack.webhookUrl).post(message);
    expect(slack.answers).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(slack.accepted).toEqual([{ via: 'webhook', channel: null, ...message }]);
  });

  it('retries a 503 with backoff', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 0, failFirstWith503: 2 });
    servers.push(slack);
    await new WebhookNotifier(slack.webhookUrl, { minBackoffMs: 10 }).post(message);
    expect(slack.answers).toEqual([503, 503, 200]);
  });

  it('rejects with Slack invalid_blocks when a header exceeds 150 characters, without retrying', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(slack);
    const tooLong = {
      ...message,
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }],
    };
    await expect(new WebhookNotifier(slack.webhookUrl).post(tooLong)).rejects.toMatchObject({
      statusCode: 400,
      slackError: 'invalid_blocks',
      message: 'Slack did not take the message: the webhook answered HTTP 400 invalid_blocks',
    });
    expect(slack.answers).toEqual([400]);
  });

  it('gives up after the allowed 429 waits', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 5, retryAfterSeconds: 0 });
    servers.push(slack);
    await expect(
      new WebhookNotifier(slack.webhookUrl, { maxRateLimitRetries: 2 }).post(message),
    ).rejects.toMatchObject({ statusCode: 429 });
    expect(slack.answers).toEqual([429, 429, 429]);
  });
});

describe('WebApiNotifier (@slack/web-api chat.postMessage) against a local Slack', () => {
  it('posts to the channel with the bot token after a 429 Retry-After', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 1 });
    servers.push(slack);
    await new WebApiNotifier('xoxb-local-test', 'C0BATCH', { slackApiUrl: slack.apiUrl }).post(message);
    expect(slack.answers).toEqual([429, 200]);
    expect(slack.accepted).toEqual([{ via: 'chat.postMessage', channel: 'C0BATCH', ...message }]);
    expect(slack.requests.at(-1)?.headers.authorization).toBe('Bearer xoxb-local-test');
  });

  it('retries a 503 with backoff', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 0, failFirstWith503: 2 });
    servers.push(slack);
    await new WebApiNotifier('xoxb-local-test', 'C0BATCH', {
      slackApiUrl: slack.apiUrl,
      minBackoffMs: 10,
    }).post(message);
    expect(slack.answers).toEqual([503, 503, 200]);
  });

  it('rejects with invalid_blocks and the pointer when a section exceeds 3,000 characters', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(slack);
    const tooLong = {
      ...message,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }],
    };
    await expect(
      new WebApiNotifier('xoxb-local-test', 'C0BATCH', { slackApiUrl: slack.apiUrl }).post(tooLong),
    ).rejects.toMatchObject({
      code: 'SLACK_DELIVERY_FAILED',
      slackError: 'invalid_blocks',
      message:
        'Slack did not take the message: chat.postMessage answered invalid_blocks (must be less than 3001 characters [json-pointer:/blocks/0/text/text])',
    });
  });

  it('rejects a wrong token with invalid_auth', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(slack);
    await expect(
      new WebApiNotifier('xoxb-wrong', 'C0BATCH', { slackApiUrl: slack.apiUrl }).post(message),
    ).rejects.toMatchObject({ slackError: 'invalid_auth' });
  });
});
