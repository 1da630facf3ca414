import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../stream-record.js';
import { expiredPrefix, failureStep } from './failure-step.js';

const record = (seq: string, createdSeconds = 100) =>
  ({ dynamodb: { SequenceNumber: seq, ApproximateCreationDateTime: createdSeconds } }) as StreamRecord;
const records = ['1', '2', '3', '4', '5'].map((s) => record(s));
const seqs = (rs: readonly StreamRecord[]) => rs.map((r) => r.dynamodb.SequenceNumber);
const error = { kind: 'error', message: 'boom' } as const;

describe('failure step', () => {
  it('retries the whole batch after an error, counting the attempt', () => {
    const step = failureStep({ records, attempts: 0, lastError: '' }, error, {
      bisectBatchOnFunctionError: false,
      maximumRetryAttempts: -1,
    });
    expect(step).toMatchObject({ kind: 'retry', done: [], pending: { attempts: 1, lastError: 'boom' } });
    expect(step.kind === 'retry' && seqs(step.pending.records)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('after a partial failure, marks the records before the failed one done and retries the rest', () => {
    const step = failureStep(
      { records, attempts: 0, lastError: '' },
      { kind: 'partial', failedIndex: 2, message: 'one failed', failed: ['3'] },
      { bisectBatchOnFunctionError: true, maximumRetryAttempts: -1 },
    );
    expect(step.kind).toBe('retry');
    if (step.kind !== 'retry') return;
    expect(seqs(step.done)).toEqual(['1', '2']);
    expect(seqs(step.pending.records)).toEqual(['3', '4', '5']);
  });

  it('bisects an erroring batch into halves that keep its attempt count', () => {
    const step = failureStep({ records, attempts: 2, lastError: '' }, error, {
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
    });
    expect(step.kind).toBe('bisect');
    if (step.kind !== 'bisect') return;
    expect(step.halves.map((h) => [seqs(h.records), h.attempts])).toEqual([
      [['1', '2', '3'], 2],
      [['4', '5'], 2],
    ]);
  });

  it('dead-letters once the attempts exceed maximumRetryAttempts, with the reason', () => {
    const step = failureStep({ records: [record('9')], attempts: 3, lastError: '' }, error, {
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
    });
    expect(step).toMatchObject({
      kind: 'dead-letter',
      pending: { attempts: 4 },
      reason: 'retry attempts exhausted after 4 failed invocation(s); last error: boom',
    });
  });

  it('finds the records older than the maximum age at the front of the batch', () => {
    const aged = [record('1', 10), record('2', 20), record('3', 95)];
    expect(expiredPrefix(aged, 60_000, 100_000)).toBe(2);
    expect(expiredPrefix(aged, 1_000, 200_000)).toBe(3);
    expect(expiredPrefix(aged, -1, 10_000_000)).toBe(0);
  });
});
