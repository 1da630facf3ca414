import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { AppStore } from './app-store.js';

/** How long webhook receipts are kept by default: 7 days. */
export const DEFAULT_RECEIPT_RETENTION_MS = 7 * 24 * 3_600_000;
/** How often they are pruned at most by default: once an hour. */
export const DEFAULT_RECEIPT_PRUNE_INTERVAL_MS = 3_600_000;

/** Deletes old webhook receipts, at most once per interval. */
export interface ReceiptPruner {
  /** Prunes when the last prune is at least an interval ago; returns the receipts deleted, or null when it was not due. */
  maybePrune(): number | null;
}

/**
 * Keeps `webhook_receipts` from growing forever. A receipt only has to outlive the retries and
 * replays of its webhook id; a replay after it is pruned is applied again, and the version guard
 * on files turns that into `stale` (nothing is published or announced twice). Runs on the caller's
 * schedule (after each applied verdict, and at start), never more than once per `intervalMs`.
 */
export function createReceiptPruner(deps: {
  app: AppStore;
  clock: Clock;
  logger: Logger;
  /** Default {@link DEFAULT_RECEIPT_RETENTION_MS}. */
  retentionMs?: number;
  /** Default {@link DEFAULT_RECEIPT_PRUNE_INTERVAL_MS}. */
  intervalMs?: number;
}): ReceiptPruner {
  const retentionMs = deps.retentionMs ?? DEFAULT_RECEIPT_RETENTION_MS;
  const intervalMs = deps.intervalMs ?? DEFAULT_RECEIPT_PRUNE_INTERVAL_MS;
  let lastRun = Number.NEGATIVE_INFINITY;
  return {
    maybePrune() {
      const now = deps.clock.now();
      if (now - lastRun < intervalMs) return null;
      lastRun = now;
      const deleted = deps.app.pruneReceipts(now - retentionMs);
      if (deleted > 0) deps.logger.info({ deleted, retentionMs }, 'pruned old webhook receipts');
      return deleted;
    },
  };
}
