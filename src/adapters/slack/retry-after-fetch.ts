import type { FetchFunction } from '@slack/webhook';

/** Options of {@link retryAfterFetch}. */
export interface RetryAfterFetchOptions {
  /** How many 429 answers to wait out before giving up. Default 3. */
  readonly maxRateLimitRetries?: number;
  /** The longest Retry-After honoured, in seconds; longer waits give up instead. Default 30. */
  readonly maxWaitSeconds?: number;
  readonly fetch?: typeof globalThis.fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A fetch for @slack/webhook that honours HTTP 429 Retry-After. The webhook client retries 5xx
 * through its `retryConfig` but fails a 429 at once (see its IncomingWebhook.send), while Slack
 * asks clients to wait the Retry-After seconds and try again
 * (https://api.slack.com/apis/rate-limits). After the allowed waits the 429 response is returned,
 * so the client reports it as the HTTP error it is.
 */
export function retryAfterFetch(options: RetryAfterFetchOptions = {}): FetchFunction {
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const maxWait = options.maxWaitSeconds ?? 30;
  const doFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  return async (url, init) => {
    for (let attempt = 0; ; attempt++) {
      const response = await doFetch(url, init as RequestInit);
      if (response.status !== 429 || attempt >= maxRetries) return response;
      const seconds = Number(response.headers.get('retry-after') ?? '1');
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > maxWait) return response;
      // Drain the body so the connection can be reused.
      await response.arrayBuffer();
      await sleep(seconds * 1000);
    }
  };
}
