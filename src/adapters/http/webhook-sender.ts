import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { VerdictWebhookMessage, VerdictWebhookSender } from '../../gate/release/verdict-webhook.js';
import type { Clock } from '../../shared/clock.js';
import { SekishoError } from '../../shared/errors.js';
import { signWebhook, type WebhookHeaders } from '../../shared/webhooks/webhook-signature.js';

/** The receiver did not accept a webhook (non-2xx, timeout, network error). */
export class WebhookDeliveryError extends SekishoError {
  /** The receiver's HTTP status when it answered (absent for a timeout or a network error). */
  readonly receiverStatus: number | undefined;

  constructor(message: string, options: { cause?: unknown; receiverStatus?: number } = {}) {
    super('WEBHOOK_DELIVERY_FAILED', message, { status: 502, cause: options.cause });
    this.receiverStatus = options.receiverStatus;
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

/** A {@link VerdictWebhookSender} that owns its keep-alive connections. */
export interface WebhookSender extends VerdictWebhookSender {
  /** Closes the sender's connections at once, so that a server shutting down does not wait for them. */
  close(): void;
}

/**
 * Sends verdict webhooks over real HTTP(S), signed per Standard Webhooks. Rejects with
 * {@link WebhookDeliveryError} unless the receiver answers 2xx. Connections are kept alive in an
 * agent of its own (not the process-wide one), which `close()` destroys.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const target = new URL(options.url);
  const secure = target.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const request = secure ? httpsRequest : httpRequest;

  const post = (message: VerdictWebhookMessage, headers: WebhookHeaders) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const body = Buffer.from(message.body);
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
          signal: AbortSignal.timeout(timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  return {
    async send(message) {
      const headers = signWebhook({
        id: message.id,
        body: message.body,
        secrets: options.secrets,
        now: options.clock.now(),
      });
      let response: { status: number; text: string };
      try {
        response = await post(message, headers);
      } catch (error) {
        throw new WebhookDeliveryError(
          `Could not reach ${options.url}: ${(error as Error).message}. Is the web app running?`,
          { cause: error },
        );
      }
      if (response.status < 200 || response.status > 299)
        throw new WebhookDeliveryError(
          `${options.url} answered ${response.status} to webhook ${message.id}: ${response.text.slice(0, 300)}`,
          { receiverStatus: response.status },
        );
    },
    close() {
      agent.destroy();
    },
  };
}
