import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { ChangeStream } from '../ports.js';
import type { StreamRecord } from '../stream-record.js';
import { type BatchOutcome, interpretHandlerResponse } from './batch-outcome.js';
import { type DispatcherConfig, resolveDispatcherConfig } from './dispatcher-config.js';
import { compileFilterCriteria } from './event-filter.js';
import { expiredPrefix, failureStep, type PendingRecords } from './failure-step.js';
import type { CheckpointStore, DeadLetterCondition, DeadLetterStore, Sleep, StreamHandler } from './ports.js';
import { realSleep } from './real-sleep.js';
import { retryDelayMs } from './retry-backoff.js';
import { compareSequenceNumbers } from './sequence-number.js';

export interface StreamDispatcherDeps {
  readonly stream: ChangeStream;
  readonly checkpoints: CheckpointStore;
  readonly deadLetters: DeadLetterStore;
  readonly handler: StreamHandler;
  /** Lambda-like settings; missing ones take the defaults of `resolveDispatcherConfig`. */
  readonly config?: Partial<DispatcherConfig>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Waits between retries and during the batching window. Default: a real timer. */
  readonly sleep?: Sleep;
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** The checkpoint's name, one per consumer of the stream. Default `release`. */
  readonly consumer?: string;
}

/** Figures for `/metrics` and the CLI. */
export interface DispatcherStats {
  readonly running: boolean;
  /** Last sequence number fully processed ('' before the first). */
  readonly checkpoint: string;
  /** Age of the oldest record not yet processed, 0 when idle (record times have 1 s resolution). */
  readonly lagMs: number;
  /** Records in the handler invocation under way. */
  readonly inFlight: number;
  readonly invocations: number;
  readonly retries: number;
  /** Entries in the dead-letter store. */
  readonly deadLetters: number;
}

export interface StreamDispatcher {
  /** Starts consuming from the stored checkpoint (the oldest retained record the first time). */
  start(): void;
  /** Stops; resolves once the handler invocation under way has finished and its checkpoint is saved. */
  stop(): Promise<void>;
  /** Resolves when every record appended before the call is processed, skipped or dead-lettered. */
  drain(): Promise<void>;
  /**
   * Invokes the handler again with a dead letter's records, outside the normal order, and deletes
   * the entry when the handler succeeds. Throws `DEAD_LETTER_NOT_FOUND` for an unknown id.
   */
  replayDeadLetter(id: string): Promise<{ replayed: boolean; error?: string }>;
  stats(): DispatcherStats;
}

/**
 * Consumes the change stream with the semantics of Lambda's DynamoDB event source mapping
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html): in sequence order, in batches, with
 * filter criteria, partial batch responses, bisect-on-error, retries with backoff, a maximum record
 * age and retry count, and a failure destination. It sleeps until the stream reports an append, so
 * an idle gate issues no queries at all. Delivery is at least once: handlers must be idempotent.
 */
export function createStreamDispatcher(deps: StreamDispatcherDeps): StreamDispatcher {
  const config = resolveDispatcherConfig(deps.config);
  const accept = compileFilterCriteria(config.filterCriteria);
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const consumer = deps.consumer ?? 'release';
  const log = deps.logger.child({ component: 'stream-dispatcher', consumer });

  let running = false;
  let abort = new AbortController();
  let unsubscribe: () => void = () => {};
  let loopDone: Promise<void> = Promise.resolve();
  let checkpoint = '';
  let wakePending = false;
  let wakeWaiter: (() => void) | null = null;
  let idle = false;
  let readCount = 0;
  let drains: { after: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const counters = { inFlight: 0, invocations: 0, retries: 0, deadLetters: 0, oldestPendingMs: 0 };

  const wake = () => {
    wakePending = true;
    const waiter = wakeWaiter;
    wakeWaiter = null;
    waiter?.();
  };
  const waitForWake = () =>
    wakePending || !running ? Promise.resolve() : new Promise<void>((resolve) => (wakeWaiter = resolve));
  const pause = (ms: number) =>
    Promise.race([
      sleep(ms, abort.signal),
      new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true })),
    ]);

  async function read(): Promise<StreamRecord[]> {
    const number = ++readCount;
    const records = await deps.stream.read(checkpoint, config.batchSize);
    if (records.length === 0) settleDrains(number);
    return records;
  }

  function settleDrains(readNumber: number) {
    const ready = drains.filter((d) => d.after < readNumber);
    drains = drains.filter((d) => d.after >= readNumber);
    for (const d of ready) d.resolve();
  }

  async function advance(sequence: string) {
    if (compareSequenceNumbers(sequence, checkpoint) <= 0) return;
    checkpoint = sequence;
    await deps.checkpoints.set(consumer, sequence);
  }

  /** Waits up to the batching window for the batch to fill, re-reading when records are appended. */
  async function gather(first: StreamRecord[]): Promise<StreamRecord[]> {
    let batch = first;
    const deadline = deps.clock.now() + config.maximumBatchingWindowMs;
    while (running && batch.length < config.batchSize) {
      const remaining = deadline - deps.clock.now();
      if (remaining <= 0) break;
      wakePending = false;
      await Promise.race([pause(remaining), waitForWake()]);
      if (!running) break;
      batch = await read();
    }
    return batch;
  }

  /** One handler call and what its answer means; a throw is an outcome, not an exception. */
  async function callHandler(records: readonly StreamRecord[]): Promise<BatchOutcome> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<BatchOutcome>((resolve) => {
      // A real timer, not the injected sleep: it bounds how long the handler may really take.
      timer = setTimeout(
        () => resolve({ kind: 'error', message: `handler timed out after ${config.invocationTimeoutMs} ms` }),
        config.invocationTimeoutMs,
      );
    });
    const call = (async (): Promise<BatchOutcome> => {
      try {
        const response = await deps.handler({ Records: [...records] });
        return interpretHandlerResponse(response, records, config.reportBatchItemFailures);
      } catch (error) {
        return {
          kind: 'error',
          message: `handler threw: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    })();
    try {
      return await Promise.race([call, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function invoke(records: readonly StreamRecord[]): Promise<BatchOutcome> {
    counters.inFlight = records.length;
    counters.invocations += 1;
    try {
      return await callHandler(records);
    } finally {
      counters.inFlight = 0;
    }
  }

  async function deadLetter(
    records: readonly StreamRecord[],
    condition: DeadLetterCondition,
    attempts: number,
    reason: string,
    failed?: readonly string[],
  ) {
    const first = records[0]?.dynamodb.SequenceNumber ?? '';
    const last = records[records.length - 1]?.dynamodb.SequenceNumber ?? '';
    // All records are kept for a replay (a delivered one answers duplicate), but the entry names
    // only the files that failed: a clean file of the same batch is not listed among them.
    const named =
      failed === undefined ? records : records.filter((r) => failed.includes(r.dynamodb.SequenceNumber));
    const fileIds = [...new Set((named.length > 0 ? named : records).map(keyOf))];
    const entry = await deps.deadLetters.add({
      failedAt: deps.clock.now(),
      condition,
      reason,
      attempts,
      records,
      firstSequence: first,
      lastSequence: last,
      fileIds,
    });
    counters.deadLetters += 1;
    log.error(
      { deadLetterId: entry.id, condition, attempts, firstSequence: first, lastSequence: last, fileIds },
      `stream records sent to the dead letters: ${reason}`,
    );
    await advance(last);
  }

  async function processBatch(batch: readonly StreamRecord[]) {
    const end = batch[batch.length - 1]?.dynamodb.SequenceNumber ?? checkpoint;
    const matched = batch.filter(accept);
    const queue: PendingRecords[] =
      matched.length > 0 ? [{ records: matched, attempts: 0, lastError: '' }] : [];
    let pending = queue.shift();
    while (pending !== undefined && running) {
      const expired = expiredPrefix(pending.records, config.maximumRecordAgeMs, deps.clock.now());
      if (expired > 0) {
        const lastError = pending.lastError ? `; last error: ${pending.lastError}` : '';
        const reason = `older than the maximum record age of ${config.maximumRecordAgeMs} ms${lastError}`;
        await deadLetter(pending.records.slice(0, expired), 'RecordAgeExceeded', pending.attempts, reason);
        pending =
          expired < pending.records.length
            ? { ...pending, records: pending.records.slice(expired) }
            : queue.shift();
        continue;
      }
      counters.oldestPendingMs = (pending.records[0]?.dynamodb.ApproximateCreationDateTime ?? 0) * 1000;
      const outcome = await invoke(pending.records);
      if (outcome.kind === 'success') {
        await advance(lastSequence(pending.records) ?? end);
        pending = queue.shift();
        continue;
      }
      const step = failureStep(pending, outcome, config);
      if (step.kind === 'bisect') {
        log.warn({ size: pending.records.length, error: outcome.message }, 'stream batch failed; bisecting');
        queue.unshift(step.halves[1]);
        pending = step.halves[0];
        continue;
      }
      const done = lastSequence(step.done);
      if (done !== undefined) await advance(done);
      if (step.kind === 'dead-letter') {
        await deadLetter(
          step.pending.records,
          'RetryAttemptsExhausted',
          step.pending.attempts,
          step.reason,
          step.pending.lastFailed,
        );
        pending = queue.shift();
        continue;
      }
      pending = step.pending;
      counters.retries += 1;
      const delay = retryDelayMs(pending.attempts, config.retryBaseDelayMs, config.retryMaxDelayMs, random);
      log.warn(
        { attempts: pending.attempts, delayMs: delay, error: outcome.message },
        'stream batch failed; retrying',
      );
      await pause(delay);
    }
    if (running) await advance(end);
  }

  async function loop() {
    let failures = 0;
    let loaded = false;
    while (running) {
      try {
        if (!loaded) {
          checkpoint = (await deps.checkpoints.get(consumer)) ?? '';
          counters.deadLetters = await deps.deadLetters.count();
          loaded = true;
        }
        wakePending = false;
        const first = await read();
        failures = 0;
        if (first.length === 0) {
          counters.oldestPendingMs = 0;
          idle = true;
          await waitForWake();
          idle = false;
          continue;
        }
        const batch =
          config.maximumBatchingWindowMs > 0 && first.length < config.batchSize ? await gather(first) : first;
        if (running) await processBatch(batch);
      } catch (error) {
        failures += 1;
        log.error(
          { err: error },
          'stream dispatcher could not read the stream or save its progress; retrying',
        );
        await pause(retryDelayMs(failures, config.retryBaseDelayMs, config.retryMaxDelayMs, random));
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      abort = new AbortController();
      readCount = 0;
      unsubscribe = deps.stream.onAppend(wake);
      loopDone = loop();
    },
    async stop() {
      if (running) {
        running = false;
        unsubscribe();
        abort.abort();
        wakeWaiter?.();
      }
      await loopDone;
      for (const d of drains) d.reject(new Error('The stream dispatcher stopped before draining.'));
      drains = [];
    },
    drain() {
      if (!running)
        return Promise.reject(new Error('The stream dispatcher is not running; call start() first.'));
      if (idle && !wakePending) return Promise.resolve();
      return new Promise((resolve, reject) => drains.push({ after: readCount, resolve, reject }));
    },
    async replayDeadLetter(id) {
      const entry = await deps.deadLetters.get(id);
      if (entry === null)
        throw new NotFoundError(
          'DEAD_LETTER_NOT_FOUND',
          `No dead letter has the id "${id}"; run "sekisho dlq list" to see the ids.`,
        );
      const outcome = await callHandler(entry.records);
      if (outcome.kind !== 'success') {
        log.warn({ deadLetterId: id, error: outcome.message }, 'dead letter replay failed; entry kept');
        return { replayed: false, error: outcome.message };
      }
      await deps.deadLetters.delete(id);
      counters.deadLetters = await deps.deadLetters.count();
      log.info({ deadLetterId: id, records: entry.records.length }, 'dead letter replayed');
      return { replayed: true };
    },
    stats() {
      const pending = counters.oldestPendingMs;
      return {
        running,
        checkpoint,
        lagMs: pending > 0 && !idle ? Math.max(0, deps.clock.now() - pending) : 0,
        inFlight: counters.inFlight,
        invocations: counters.invocations,
        retries: counters.retries,
        deadLetters: counters.deadLetters,
      };
    },
  };
}

function lastSequence(records: readonly StreamRecord[]): string | undefined {
  return records[records.length - 1]?.dynamodb.SequenceNumber;
}

/** The record's key as text (the verdict table's key is `fileId`). */
function keyOf(record: StreamRecord): string {
  const value = record.dynamodb.Keys.fileId ?? Object.values(record.dynamodb.Keys)[0];
  if (value !== undefined && 'S' in value) return value.S;
  if (value !== undefined && 'N' in value) return value.N;
  return JSON.stringify(record.dynamodb.Keys);
}
