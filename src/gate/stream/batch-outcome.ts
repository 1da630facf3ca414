import type { StreamRecord } from '../stream-record.js';

/** What one handler invocation means for the batch it was given. */
export type BatchOutcome =
  | { readonly kind: 'success' }
  /** Records before `failedIndex` succeeded; it and everything after it must be delivered again. */
  | {
      readonly kind: 'partial';
      readonly failedIndex: number;
      readonly message: string;
      /** The sequence numbers the handler reported failed (records after them are retried too, not failed). */
      readonly failed: readonly string[];
    }
  /** The whole batch failed: the handler threw, or answered something Lambda would reject. */
  | { readonly kind: 'error'; readonly message: string };

/**
 * Interprets a handler's answer as Lambda does with `ReportBatchItemFailures`
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html): nothing,
 * null or an empty list is success; an empty, null or unknown `itemIdentifier` fails the whole batch;
 * otherwise the lowest failed sequence number is where the retry starts. With the setting off, the
 * answer is ignored and only a thrown error fails the batch.
 */
export function interpretHandlerResponse(
  response: unknown,
  records: readonly StreamRecord[],
  reportBatchItemFailures: boolean,
): BatchOutcome {
  if (!reportBatchItemFailures || response === undefined || response === null) return { kind: 'success' };
  if (typeof response !== 'object' || Array.isArray(response))
    return { kind: 'error', message: `invalid handler response: expected an object, got ${typeof response}` };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures))
    return { kind: 'error', message: 'invalid handler response: batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  let lowest = Number.POSITIVE_INFINITY;
  const failed: string[] = [];
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '')
      return { kind: 'error', message: 'invalid handler response: an itemIdentifier is missing or empty' };
    const index = records.findIndex((r) => r.dynamodb.SequenceNumber === id);
    if (index < 0)
      return { kind: 'error', message: `invalid handler response: itemIdentifier ${id} is not in the batch` };
    lowest = Math.min(lowest, index);
    failed.push(id);
  }
  return {
    kind: 'partial',
    failedIndex: lowest,
    failed,
    message: `handler reported ${failures.length} failed record(s), first ${records[lowest]?.dynamodb.SequenceNumber}`,
  };
}
