import type { StreamRecord } from '../stream-record.js';
import type { BatchOutcome } from './batch-outcome.js';
import type { DispatcherConfig } from './dispatcher-config.js';

/** Records still to be delivered, with how often the handler has failed them. */
export interface PendingRecords {
  readonly records: readonly StreamRecord[];
  /** Failed invocations of these records so far. */
  readonly attempts: number;
  readonly lastError: string;
  /**
   * The sequence numbers the last invocation reported failed, when it said (a partial batch
   * response); a dead-letter entry names only their files, not the clean ones retried with them.
   */
  readonly lastFailed?: readonly string[];
}

/** What to do after an invocation that did not succeed. */
export type FailureStep =
  /** Checkpoint past `done` (records the handler reported as processed), wait, then retry `pending`. */
  | { readonly kind: 'retry'; readonly done: readonly StreamRecord[]; readonly pending: PendingRecords }
  /** Deliver each half in turn, in place of the failed batch. */
  | { readonly kind: 'bisect'; readonly halves: readonly [PendingRecords, PendingRecords] }
  /** Checkpoint past `done`, send `pending` to the failure destination, and carry on. */
  | {
      readonly kind: 'dead-letter';
      readonly done: readonly StreamRecord[];
      readonly pending: PendingRecords;
      readonly reason: string;
    };

type FailureSettings = Pick<DispatcherConfig, 'bisectBatchOnFunctionError' | 'maximumRetryAttempts'>;

/**
 * Decides, as Lambda's DynamoDB event source mapping does, what follows a failed invocation:
 * a partial batch response checkpoints before the lowest failed record and retries from it (with
 * bisect on too, Lambda splits at that record, which is the same thing); a whole-batch error splits
 * the batch in halves when bisecting, else retries it; when the retries run out, the records go to
 * the dead letters.
 */
export function failureStep(
  pending: PendingRecords,
  outcome: Exclude<BatchOutcome, { kind: 'success' }>,
  config: FailureSettings,
): FailureStep {
  const { records } = pending;
  if (outcome.kind === 'error' && config.bisectBatchOnFunctionError && records.length > 1) {
    // A split is not counted as a retry (the halves keep the batch's count), so a poison record is
    // isolated before its retries run out; AWS describes bisecting as the way to separate it.
    const middle = Math.ceil(records.length / 2);
    const half = (part: readonly StreamRecord[]) => ({
      records: part,
      attempts: pending.attempts,
      lastError: outcome.message,
    });
    return { kind: 'bisect', halves: [half(records.slice(0, middle)), half(records.slice(middle))] };
  }
  const failedIndex = outcome.kind === 'partial' ? outcome.failedIndex : 0;
  const done = records.slice(0, failedIndex);
  const next: PendingRecords = {
    records: records.slice(failedIndex),
    attempts: pending.attempts + 1,
    lastError: outcome.message,
    ...(outcome.kind === 'partial' ? { lastFailed: outcome.failed } : {}),
  };
  const limit = config.maximumRetryAttempts;
  if (limit >= 0 && next.attempts > limit) {
    const reason = `retry attempts exhausted after ${next.attempts} failed invocation(s); last error: ${outcome.message}`;
    return { kind: 'dead-letter', done, pending: next, reason };
  }
  return { kind: 'retry', done, pending: next };
}

/**
 * How many leading records are older than the maximum record age (-1: none ever are). The stream
 * is in creation order, so the expired records are always a prefix.
 */
export function expiredPrefix(
  records: readonly StreamRecord[],
  maximumRecordAgeMs: number,
  now: number,
): number {
  if (maximumRecordAgeMs < 0) return 0;
  const index = records.findIndex(
    (r) => now - r.dynamodb.ApproximateCreationDateTime * 1000 <= maximumRecordAgeMs,
  );
  return index < 0 ? records.length : index;
}
