import { IncomingWebhook, IncomingWebhookHTTPError, type IncomingWebhookSendArguments } from '@slack/webhook';
import type { ChatMessage, Notifier } from '../../triage/ports.js';
import { retryAfterFetch } from './retry-after-fetch.js';
import { SlackDeliveryError } from './slack-delivery-error.js';
import { slackRetryConfig } from './slack-retry-config.js';

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
      retryConfig: slackRetryConfig(options),
    });
  }

  /** @throws SlackDeliveryError with Slack's answer (e.g. 400 `invalid_blocks`) once retries are spent. */
  async post(message: ChatMessage): Promise<void> {
    try {
      await this.webhook.send({
        text: message.text,
        blocks: message.blocks as IncomingWebhookSendArguments['blocks'] & object,
      });
    } catch (error) {
      if (error instanceof IncomingWebhookHTTPError) {
        // The webhook answers a plain-text code (`invalid_payload`, `no_text`, `invalid_blocks`…).
        const code = error.body.trim().slice(0, 200) || null;
        throw new SlackDeliveryError(
          error.statusCode,
          code,
          `the webhook answered HTTP ${error.statusCode} ${code ?? ''}`.trim(),
          {
            cause: error,
          },
        );
      }
      const original = (error as { original?: unknown }).original ?? error;
      throw new SlackDeliveryError(
        null,
        null,
        `no answer from the webhook (${String((original as Error).message ?? original)})`,
        {
          cause: error,
        },
      );
    }
  }
}
