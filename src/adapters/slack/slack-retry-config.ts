/** The backoff settings both Slack notifiers take from their options. */
export interface SlackRetryOptions {
  /** Retries of a 5xx or a network error (and, for the Web API, a 429). Default 4. */
  readonly retries?: number;
  /** First backoff in ms (doubles each retry, capped at 8 s). Default 500. */
  readonly minBackoffMs?: number;
}

/**
 * The retry policy handed to Slack's official clients (`retryConfig` of @slack/web-api and
 * @slack/webhook, both p-retry options): exponential backoff from `minBackoffMs`, doubling, capped at
 * 8 s, with jitter. One function so that the two notifiers back off the same way.
 */
export function slackRetryConfig(options: SlackRetryOptions): {
  retries: number;
  factor: number;
  minTimeout: number;
  maxTimeout: number;
  randomize: boolean;
} {
  return {
    retries: options.retries ?? 4,
    factor: 2,
    minTimeout: options.minBackoffMs ?? 500,
    maxTimeout: 8_000,
    randomize: true,
  };
}
