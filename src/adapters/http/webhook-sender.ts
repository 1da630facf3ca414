import type { VerdictWebhookMessage, VerdictWebhookSender } from '../../gate/release/verdict-webhook.js';
import type { Clock } from '../../shared/clock.js';
import { SekishoError } from '../../shared/errors.js';
import { signWebhook } from '../../shared/webhooks/webhook-signature.js';

/** The receiver did not accept a webhook (non-2xx, timeout, network error). */
export class WebhookDeliveryError extends SekishoError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('WEBHOOK_DELIVERY_FAILED', message, { status: 502, cause: options.cause });
  }
}

export interface WebhookSenderOptions {
  /** The receiver, e.g. `http://127.0.0.1:3000/api/webhooks/verdicts`. */
  readonly url: string;
  /** Signing secrets; every one signs, so a receiver that knows any of them accepts it (rotation). */
  readonly secrets: readonly string[];
  readonly clock: Clock;
  /** Default 10 000 ms. */
  readonly timeoutMs?: number;
}

/**
 * Sends verdict webhooks over real HTTP, signed per Standard Webhooks. Rejects with
 * {@link WebhookDeliveryError} unless the receiver answers 2xx.
 */
export function createWebhookSender(options: WebhookSenderOptions): VerdictWebhookSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(message: VerdictWebhookMessage): Promise<void> {
      const headers = signWebhook({
        id: message.id,
        body: message.body,
        secrets: options.secrets,
        now: options.clock.now(),
      });
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: message.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new WebhookDeliveryError(
          `Could not reach ${options.url}: ${(error as Error).message}. Is the web app running?`,
          { cause: error },
        );
      }
      const text = await response.text();
      if (!response.ok)
        throw new WebhookDeliveryError(
          `${options.url} answered ${response.status} to webhook ${message.id}: ${text.slice(0, 300)}`,
        );
    },
  };
}
