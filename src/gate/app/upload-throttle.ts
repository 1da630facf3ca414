import type { Clock } from '../../shared/clock.js';

/** The per-user bounds of {@link createUploadThrottle}. */
export interface UploadThrottleLimits {
  /** Uploads a user may start in a burst; default 10. */
  readonly burst?: number;
  /** Uploads a user may start per minute, sustained; default 30. */
  readonly perMinute?: number;
  /** Uploads of one user in flight (body still arriving) at once; default 4. */
  readonly inFlight?: number;
}

/** What the throttle answers for one user now. */
export type ThrottleCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'rate'; readonly retryAfterMs: number }
  | { readonly ok: false; readonly reason: 'in-flight'; readonly limit: number };

/**
 * Per-user upload limits: a token bucket for the rate and a counter of uploads in flight. Pure
 * bookkeeping on the clock it is given; state for a user is dropped once their bucket is full and
 * nothing is in flight, so it never grows with the number of users seen.
 */
export interface UploadThrottle {
  /** Whether `userId` may start an upload now; takes nothing. */
  check(userId: string): ThrottleCheck;
  /** Takes a token and an in-flight slot, or answers why not; `end` gives the slot back. */
  begin(userId: string): ThrottleCheck & { end?: () => void };
  /** Users with state held (bounded by active users). */
  readonly tracked: number;
}

interface Bucket {
  tokens: number;
  at: number;
  inFlight: number;
}

/** Creates the throttle with the documented defaults. */
export function createUploadThrottle(clock: Clock, limits: UploadThrottleLimits = {}): UploadThrottle {
  const burst = Math.max(1, limits.burst ?? 10);
  const perMs = Math.max(1, limits.perMinute ?? 30) / 60_000;
  const inFlight = Math.max(1, limits.inFlight ?? 4);
  const buckets = new Map<string, Bucket>();

  const refill = (userId: string): Bucket => {
    const now = clock.now();
    const b = buckets.get(userId) ?? { tokens: burst, at: now, inFlight: 0 };
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * perMs);
    b.at = now;
    buckets.set(userId, b);
    return b;
  };
  const prune = (userId: string, b: Bucket): void => {
    if (b.inFlight === 0 && b.tokens >= burst) buckets.delete(userId);
  };
  const check = (userId: string): ThrottleCheck => {
    const b = refill(userId);
    let answer: ThrottleCheck = { ok: true };
    if (b.inFlight >= inFlight) answer = { ok: false, reason: 'in-flight', limit: inFlight };
    else if (b.tokens < 1)
      answer = { ok: false, reason: 'rate', retryAfterMs: Math.ceil((1 - b.tokens) / perMs) };
    prune(userId, b);
    return answer;
  };

  return {
    check,
    begin(userId) {
      const answer = check(userId);
      if (!answer.ok) return answer;
      const b = refill(userId);
      b.tokens -= 1;
      b.inFlight++;
      let ended = false;
      return {
        ok: true,
        end() {
          if (ended) return;
          ended = true;
          const current = refill(userId);
          current.inFlight = Math.max(0, current.inFlight - 1);
          prune(userId, current);
        },
      };
    },
    get tracked() {
      return buckets.size;
    },
  };
}
