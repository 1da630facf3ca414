/**
 * The delay before retry number `attempt` (1 for the first retry): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that retries spread out without ever collapsing to zero.
 * See https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/.
 */
export function retryDelayMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
