import { type ChatPostMessageArguments, LogLevel, WebClient } from '@slack/web-api';
import type { ChatMessage, Notifier } from '../../triage/ports.js';
import { SlackDeliveryError } from './slack-delivery-error.js';
import { slackRetryConfig } from './slack-retry-config.js';

/** Options of {@link WebApiNotifier}. */
export interface WebApiNotifierOptions {
  /** Base URL of the Web API, ending in `/api/`. Default Slack's; tests point it at a local server. */
  readonly slackApiUrl?: string;
  /** Retries of a 5xx, a 429 or a network error. Default 4. */
  readonly retries?: number;
  /** First backoff in ms (doubles each retry, capped at 8 s). Default 500. */
  readonly minBackoffMs?: number;
  /** Per-request timeout in ms. Default 10,000. */
  readonly timeoutMs?: number;
}

/**
 * Posts with chat.postMessage through Slack's official Web API client (@slack/web-api). The client
 * waits out a 429's Retry-After itself (rejectRateLimitedCalls false) and retries 5xx with the
 * p-retry policy below.
 */
export class WebApiNotifier implements Notifier {
  private readonly client: WebClient;

  constructor(
    token: string,
    private readonly channel: string,
    options: WebApiNotifierOptions = {},
  ) {
    this.client = new WebClient(token, {
      ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
      logLevel: LogLevel.ERROR,
      timeout: options.timeoutMs ?? 10_000,
      rejectRateLimitedCalls: false,
      retryConfig: slackRetryConfig(options),
    });
  }

  /** @throws SlackDeliveryError with Slack's error code (e.g. `invalid_blocks`) once retries are spent. */
  async post(message: ChatMessage): Promise<void> {
    try {
      await this.send(message);
    } catch (error) {
      const e = error as {
        data?: { error?: unknown; errors?: unknown };
        statusCode?: unknown;
        original?: { message?: unknown };
        message?: unknown;
      };
      if (typeof e.data?.error === 'string') {
        // ok:false (invalid_blocks, channel_not_found, invalid_auth…), with Slack's details when it gave them.
        const details = Array.isArray(e.data.errors) ? ` (${e.data.errors.join('; ')})` : '';
        throw new SlackDeliveryError(
          200,
          e.data.error,
          `chat.postMessage answered ${e.data.error}${details}`,
          {
            cause: error,
          },
        );
      }
      if (typeof e.statusCode === 'number')
        throw new SlackDeliveryError(e.statusCode, null, `chat.postMessage answered HTTP ${e.statusCode}`, {
          cause: error,
        });
      throw new SlackDeliveryError(
        null,
        null,
        `no answer from chat.postMessage (${String(e.original?.message ?? e.message)})`,
        {
          cause: error,
        },
      );
    }
  }

  private async send(message: ChatMessage): Promise<void> {
    // The client throws a platform error when Slack answers ok:false (invalid_blocks, channel_not_found…).
    await this.client.chat.postMessage({
      channel: this.channel,
      text: message.text,
      // The blocks come from our renderer, already within Block Kit's limits.
      blocks: message.blocks,
    } as unknown as ChatPostMessageArguments);
  }
}
