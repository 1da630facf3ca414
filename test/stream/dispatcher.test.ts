import { afterEach, describe, expect, it, vi } from 'vitest';
import { type GateDatabase, openGateDatabase } from '../../src/adapters/sqlite/open-gate-database.js';
import type { ChangeStream } from '../../src/gate/ports.js';
import { createStreamDispatcher, type StreamDispatcher } from '../../src/gate/stream/dispatcher.js';
import type { DispatcherConfig } from '../../src/gate/stream/dispatcher-config.js';
import type { StreamHandler } from '../../src/gate/stream/ports.js';
import type { StreamRecord } from '../../src/gate/stream-record.js';
import { silentLogger } from '../../src/shared/logger.js';
import { type FakeClock, fakeClock, tempDir, verdictItem } from './stream-fixtures.js';

// The dispatcher delivers at least once, as Lambda does: after a failure the failed record and every
// record after it in the batch arrive again, so the handler (the release function) must be idempotent.

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Harness {
  gate: GateDatabase;
  clock: FakeClock;
  file: string;
  /** File ids of each invocation, in order. */
  calls: string[][];
  sleeps: number[];
  reads: () => number;
  dispatcher: StreamDispatcher;
  put(...ids: string[]): Promise<void>;
  /** Starts the dispatcher and waits until it has processed everything written so far. */
  run(): Promise<void>;
  reopen(handler: StreamHandler, config?: Partial<DispatcherConfig>): StreamDispatcher;
}

const ids = (records: readonly StreamRecord[]) =>
  records.map((r) => (r.dynamodb.Keys.fileId as { S: string }).S);

function harness(
  handler: StreamHandler,
  config: Partial<DispatcherConfig> = {},
  options: {
    realSleep?: boolean;
    onSleep?: (ms: number) => Promise<void>;
    afterRead?: (records: StreamRecord[]) => Promise<void>;
  } = {},
): Harness {
  const tmp = tempDir();
  const clock = fakeClock();
  const calls: string[][] = [];
  const sleeps: number[] = [];
  let readCount = 0;
  const build = (gate: GateDatabase, h: StreamHandler, c: Partial<DispatcherConfig>) => {
    const stream: ChangeStream = {
      read: async (after, limit) => {
        readCount += 1;
        const records = await gate.verdicts.read(after, limit);
        await options.afterRead?.(records);
        return records;
      },
      onAppend: (listener) => gate.verdicts.onAppend(listener),
    };
    const dispatcher = createStreamDispatcher({
      stream,
      checkpoints: gate.checkpoints,
      deadLetters: gate.deadLetters,
      handler: async (event) => {
        calls.push(ids(event.Records));
        return h(event);
      },
      config: c,
      clock,
      logger: silentLogger,
      random: () => 0.5,
      ...(options.realSleep
        ? {}
        : {
            sleep: async (ms: number) => {
              sleeps.push(ms);
              await options.onSleep?.(ms);
              clock.advance(ms);
            },
          }),
    });
    cleanups.push(() => dispatcher.stop());
    return dispatcher;
  };
  const gate = openGateDatabase(tmp.file, { clock });
  cleanups.push(tmp.cleanup, () => gate.close());
  const h: Harness = {
    gate,
    clock,
    file: tmp.file,
    calls,
    sleeps,
    reads: () => readCount,
    dispatcher: build(gate, handler, config),
    async run() {
      h.dispatcher.start();
      await h.dispatcher.drain();
    },
    async put(...fileIds) {
      for (const id of fileIds) await gate.verdicts.put(verdictItem(id));
    },
    reopen(nextHandler, nextConfig = config) {
      const again = openGateDatabase(tmp.file, { clock });
      cleanups.push(() => again.close());
      return build(again, nextHandler, nextConfig);
    },
  };
  return h;
}

const range = (n: number, prefix = 'f') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const ok: StreamHandler = async () => {};
const failing =
  (message: string): StreamHandler =>
  async () => {
    throw new Error(message);
  };

describe('stream dispatcher', () => {
  it('delivers every record in sequence order, in batches of at most batchSize', async () => {
    const h = harness(ok, { batchSize: 100 });
    await h.put(...range(250));
    await h.run();
    expect(h.calls.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(h.calls.flat()).toEqual(range(250));
    const [last] = (await h.gate.verdicts.read('', 250)).slice(-1);
    expect(h.dispatcher.stats().checkpoint).toBe(last?.dynamodb.SequenceNumber);
    expect(await h.gate.checkpoints.get('release')).toBe(last?.dynamodb.SequenceNumber);
  });

  it('waits up to the batching window and delivers what arrived during it in one batch', async () => {
    let during = true;
    const h = harness(
      ok,
      { batchSize: 10, maximumBatchingWindowMs: 1000 },
      {
        onSleep: async () => {
          if (during) await h.put('late-1', 'late-2');
          during = false;
        },
      },
    );
    await h.put('a', 'b', 'c');
    h.dispatcher.start();
    await vi.waitFor(() => expect(h.calls).toHaveLength(1));
    await h.dispatcher.drain();
    expect(h.calls).toEqual([['a', 'b', 'c', 'late-1', 'late-2']]);
    expect(h.sleeps).toEqual([1000]);
  });

  it('invokes as soon as the batch is full, without waiting out the window', async () => {
    const h = harness(ok, { batchSize: 3, maximumBatchingWindowMs: 300_000 }, { realSleep: true });
    await h.put('a');
    h.dispatcher.start();
    await vi.waitFor(() => expect(h.reads()).toBeGreaterThan(0));
    await h.put('b', 'c');
    // A five-minute window would outlast the test's timeout: only a full batch gets here.
    await vi.waitFor(() => expect(h.calls).toEqual([['a', 'b', 'c']]));
  });

  it('skips records that match no filter and checkpoints past them', async () => {
    const pattern = { dynamodb: { NewImage: { verdict: { M: { kind: { S: ['clean'] } } } } } };
    const h = harness(ok, { filterCriteria: { Filters: [{ Pattern: JSON.stringify(pattern) }] } });
    await h.gate.verdicts.put(verdictItem('clean-1'));
    await h.gate.verdicts.put(
      verdictItem('bad', { verdict: { ...verdictItem('x').verdict, kind: 'infected' } }),
    );
    await h.gate.verdicts.put(verdictItem('clean-2'));
    await h.gate.verdicts.put(
      verdictItem('bad-2', { verdict: { ...verdictItem('x').verdict, kind: 'rejected' } }),
    );
    await h.run();
    expect(h.calls).toEqual([['clean-1', 'clean-2']]);
    const [last] = (await h.gate.verdicts.read('', 10)).slice(-1);
    expect(await h.gate.checkpoints.get('release')).toBe(last?.dynamodb.SequenceNumber);
  });

  it('retries a failed batch with exponential backoff and jitter until it succeeds', async () => {
    let failures = 2;
    const h = harness(async () => {
      if (failures-- > 0) throw new Error('web app unavailable');
    });
    await h.put('a', 'b');
    await h.run();
    expect(h.calls).toEqual([
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'b'],
    ]);
    // Base 200 ms doubling, equal jitter at random 0.5: 100+50, then 200+100.
    expect(h.sleeps).toEqual([150, 300]);
    expect(h.dispatcher.stats()).toMatchObject({ retries: 2, deadLetters: 0, invocations: 3 });
  });

  it('with a partial batch response, checkpoints before the failed record and delivers it and every later one again', async () => {
    const checkpoints: (string | null)[] = [];
    let first = true;
    const h = harness(async (event) => {
      checkpoints.push(await h.gate.checkpoints.get('release'));
      if (!first) return;
      first = false;
      const failed = event.Records[2]?.dynamodb.SequenceNumber ?? '';
      const later = event.Records[4]?.dynamodb.SequenceNumber ?? '';
      return { batchItemFailures: [{ itemIdentifier: later }, { itemIdentifier: failed }] };
    });
    await h.put('a', 'b', 'c', 'd', 'e');
    await h.run();
    expect(h.calls).toEqual([
      ['a', 'b', 'c', 'd', 'e'],
      ['c', 'd', 'e'],
    ]);
    const records = await h.gate.verdicts.read('', 10);
    expect(checkpoints).toEqual([null, records[1]?.dynamodb.SequenceNumber]);
  });

  it('retries the whole batch when the answer names a record that is not in it', async () => {
    let first = true;
    const h = harness(async () => {
      if (!first) return;
      first = false;
      return { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] };
    });
    await h.put('a', 'b');
    await h.run();
    expect(h.calls).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('bisects a failing batch until the poison record is alone, dead-letters only it, and delivers the rest', async () => {
    const h = harness(
      async (event) => {
        if (ids(event.Records).includes('poison')) throw new Error('cannot parse poison');
      },
      { bisectBatchOnFunctionError: true, maximumRetryAttempts: 2 },
    );
    await h.put('a', 'b', 'c', 'd', 'e', 'poison', 'g', 'h');
    await h.run();
    expect(h.calls).toEqual([
      ['a', 'b', 'c', 'd', 'e', 'poison', 'g', 'h'],
      ['a', 'b', 'c', 'd'],
      ['e', 'poison', 'g', 'h'],
      ['e', 'poison'],
      ['e'],
      ['poison'],
      ['poison'],
      ['poison'],
      ['g', 'h'],
    ]);
    const [entry, ...more] = await h.gate.deadLetters.list();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ condition: 'RetryAttemptsExhausted', attempts: 3, fileIds: ['poison'] });
    expect(entry?.reason).toContain('cannot parse poison');
    expect(ids(entry?.records ?? [])).toEqual(['poison']);
    expect(entry?.firstSequence).toBe(entry?.lastSequence);
    expect(h.dispatcher.stats().deadLetters).toBe(1);
  });

  it('after the maximum retry attempts, dead-letters the batch with its reason, range and file ids, then carries on', async () => {
    const h = harness(
      async (event) => {
        if (ids(event.Records).includes('a')) throw new Error('webhook returned 500');
      },
      { maximumRetryAttempts: 1 },
    );
    await h.put('a', 'b');
    await h.run();
    await h.put('c');
    await h.dispatcher.drain();
    expect(h.calls).toEqual([['a', 'b'], ['a', 'b'], ['c']]);
    const records = await h.gate.verdicts.read('', 10);
    const [entry] = await h.gate.deadLetters.list();
    expect(entry).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      attempts: 2,
      fileIds: ['a', 'b'],
      firstSequence: records[0]?.dynamodb.SequenceNumber,
      lastSequence: records[1]?.dynamodb.SequenceNumber,
      failedAt: h.clock.now(),
    });
    expect(entry?.reason).toMatch(
      /retry attempts exhausted after 2 failed invocation\(s\); last error: handler threw: webhook returned 500/,
    );
    expect(await h.gate.checkpoints.get('release')).toBe(records[2]?.dynamodb.SequenceNumber);
  });

  it('names only the failed files in a dead letter, not a clean file of the same batch retried after them', async () => {
    const h = harness(
      async (event) => {
        const failed = event.Records.filter((r) => ids([r])[0] === 'bad');
        return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
      },
      { maximumRetryAttempts: 1, bisectBatchOnFunctionError: false },
    );
    await h.put('bad', 'clean');
    await h.run();
    const [entry] = await h.gate.deadLetters.list();
    expect(entry?.fileIds).toEqual(['bad']);
    // The clean file's record is kept for a replay (it answers duplicate), just not named failed.
    expect(entry?.records.map((r) => ids([r])[0])).toEqual(['bad', 'clean']);
  });

  it('dead-letters records that outgrow the maximum record age while being retried', async () => {
    const h = harness(failing('still down'), { maximumRecordAgeMs: 60_000 });
    await h.put('a');
    await h.run();
    const [entry] = await h.gate.deadLetters.list();
    expect(entry).toMatchObject({ condition: 'RecordAgeExceeded', fileIds: ['a'] });
    expect(entry?.reason).toContain('still down');
    expect(h.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThan(60_000);
    expect(h.dispatcher.stats().retries).toBe(h.calls.length);
  });

  it('sends records already older than the maximum age to the dead letters without invoking the handler', async () => {
    const h = harness(ok, { maximumRecordAgeMs: 60_000 });
    await h.put('stale');
    h.clock.advance(61_000);
    await h.put('fresh');
    await h.run();
    expect(h.calls).toEqual([['fresh']]);
    expect((await h.gate.deadLetters.list()).map((e) => [e.condition, e.attempts, e.fileIds])).toEqual([
      ['RecordAgeExceeded', 0, ['stale']],
    ]);
  });

  it('replays a dead letter with its stored records and deletes it on success', async () => {
    let healthy = false;
    const h = harness(
      async () => {
        if (!healthy) throw new Error('down');
      },
      { maximumRetryAttempts: 0 },
    );
    await h.put('a', 'b');
    await h.run();
    const [entry] = await h.gate.deadLetters.list();
    const id = entry?.id ?? '';
    expect(await h.dispatcher.replayDeadLetter(id)).toEqual({
      replayed: false,
      error: 'handler threw: down',
    });
    expect(await h.gate.deadLetters.count()).toBe(1);
    healthy = true;
    expect(await h.dispatcher.replayDeadLetter(id)).toEqual({ replayed: true });
    expect(h.calls.slice(-1)).toEqual([['a', 'b']]);
    expect(await h.gate.deadLetters.count()).toBe(0);
    expect(h.dispatcher.stats().deadLetters).toBe(0);
    await expect(h.dispatcher.replayDeadLetter(id)).rejects.toMatchObject({ code: 'DEAD_LETTER_NOT_FOUND' });
  });

  it('replays from the dead-letter store without a running dispatcher, as `sekisho dlq replay` will', async () => {
    const h = harness(failing('down'), { maximumRetryAttempts: 0 });
    await h.put('a');
    await h.run();
    await h.dispatcher.stop();
    const [entry] = await h.gate.deadLetters.list();
    const cli = h.reopen(ok);
    expect(await cli.replayDeadLetter(entry?.id ?? '')).toEqual({ replayed: true });
    expect(await h.gate.deadLetters.list()).toEqual([]);
  });

  it('restarts from the stored checkpoint: nothing lost and nothing delivered twice', async () => {
    const h = harness(ok, { batchSize: 2 });
    await h.put(...range(5, 'first'));
    await h.run();
    await h.dispatcher.stop();
    await h.put(...range(5, 'second'));

    const delivered: string[] = [];
    const second = h.reopen(async (event) => {
      delivered.push(...ids(event.Records));
    });
    second.start();
    await second.drain();
    expect(delivered).toEqual(range(5, 'second'));
    expect([...h.calls.flat()]).toEqual([...range(5, 'first'), ...range(5, 'second')]);
  });

  it('loses no wake-up when a write commits while the dispatcher is reading', async () => {
    let injected = false;
    const h = harness(
      ok,
      {},
      {
        afterRead: async (records) => {
          if (injected || records.length > 0) return;
          injected = true;
          // Commit after the read's query ran but before its answer reached the dispatcher.
          await h.put('raced');
          await new Promise((resolve) => setImmediate(resolve));
        },
      },
    );
    h.dispatcher.start();
    await vi.waitFor(() => expect(h.calls).toEqual([['raced']]));
  });

  it('issues no queries while idle, and wakes on the next commit', async () => {
    const h = harness(ok, {}, { realSleep: true });
    await h.put('a');
    await h.run();
    const idleReads = h.reads();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.reads()).toBe(idleReads);
    await h.put('b');
    await vi.waitFor(() => expect(h.calls).toEqual([['a'], ['b']]));
    await h.dispatcher.drain();
    // One read that found the record, one that found the stream empty again.
    expect(h.reads()).toBe(idleReads + 2);
  });

  it('stop waits for the invocation under way and saves its checkpoint', async () => {
    let finish: () => void = () => {};
    const h = harness(() => new Promise<void>((resolve) => (finish = resolve)));
    await h.put('a');
    h.dispatcher.start();
    await vi.waitFor(() => expect(h.calls).toHaveLength(1));
    expect(h.dispatcher.stats().inFlight).toBe(1);
    let stopped = false;
    const stopping = h.dispatcher.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    const [record] = await h.gate.verdicts.read('', 1);
    expect(await h.gate.checkpoints.get('release')).toBe(record?.dynamodb.SequenceNumber);
    await expect(h.dispatcher.drain()).rejects.toThrow(/not running/);
  });

  it('stop does not wait out a retry delay', async () => {
    const h = harness(
      failing('down'),
      { retryBaseDelayMs: 600_000, retryMaxDelayMs: 600_000 },
      { realSleep: true },
    );
    await h.put('a');
    h.dispatcher.start();
    await vi.waitFor(() => expect(h.dispatcher.stats().retries).toBe(1));
    await h.dispatcher.stop();
    expect(await h.gate.checkpoints.get('release')).toBeNull();
  });

  it('counts an invocation that outlasts invocationTimeoutMs as failed', async () => {
    const h = harness(() => new Promise<void>(() => {}), {
      invocationTimeoutMs: 50,
      maximumRetryAttempts: 0,
    });
    await h.put('slow');
    await h.run();
    const [entry] = await h.gate.deadLetters.list();
    expect(entry).toMatchObject({ condition: 'RetryAttemptsExhausted', fileIds: ['slow'] });
    expect(entry?.reason).toContain('handler timed out after 50 ms');
  });

  it('refuses settings outside Lambda ranges, naming each', () => {
    expect(() => harness(ok, { batchSize: 0, maximumRetryAttempts: -2 })).toThrow(
      /batchSize must be an integer from 1 to 10000.*maximumRetryAttempts must be an integer from -1 to 10000/,
    );
  });
});
