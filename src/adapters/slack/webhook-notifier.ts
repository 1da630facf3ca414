import { IncomingWebhook, type IncomingWebhookSendArguments } from '@slack/webhook';
import type { ChatMessage, Notifier } from '../../triage/ports.js';
import { retryAfterFetch } from './retry-after-fetch.js';

/** Options of {@link WebhookNotifier}. */
export interface WebhookNotifierOptions {
  /** Retries of a 5xx or a network error, with exponential backoff. Default 4. */
  readonly retries?: number;
  /** First backoff in ms (doubles each retry, capped at 8 s). Default 500. */
  readonly minBackoffMs?: number;
  /** How many 429 Retry-After waits to honour. Default 3. */
  readonly maxRateLimitRetries?: number;
  /** Per-request timeout in ms. Default 10,000. */
  readonly timeoutMs?: number;
}

/** Posts to a Slack incoming webhook with Slack's official client (@slack/webhook). */
export class WebhookNotifier implements Notifier {
  private readonly webhook: IncomingWebhook;

  constructor(url: string, options: WebhookNotifierOptions = {}) {
    this.webhook = new IncomingWebhook(url, {
      timeout: options.timeoutMs ?? 10_000,
      fetch: retryAfterFetch({ maxRateLimitRetries: options.maxRateLimitRetries ?? 3 }),
      // The client retries 5xx and network errors with this p-retry policy; 4xx fail at once.
      retryConfig: {
        retries: options.retries ?? 4,
        factor: 2,
        minTimeout: options.minBackoffMs ?? 500,
        maxTimeout: 8_000,
        randomize: true,
      },
    });
  }

  async post(message: ChatMessage): Promise<void> {
    await this.webhook.send({
      text: message.text,
      blocks: message.blocks as IncomingWebhookSendArguments['blocks'] & object,
    });
  }
}
