// put → handler-invoked latency of the embedded verdict stream, and verdict writes per second.
// Run: node --import tsx bench/stream-append.ts [writes]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openGateDatabase } from '../src/adapters/sqlite/open-gate-database.js';
import { createStreamDispatcher } from '../src/gate/stream/dispatcher.js';
import type { VerdictItem } from '../src/gate/stream-record.js';
import { silentLogger } from '../src/shared/logger.js';

interface Figures {
  mode: string;
  writes: number;
  writesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  invocations: number;
}

function item(fileId: string, now: number): VerdictItem {
  return {
    fileId,
    threadId: 'bench-thread',
    version: 1,
    verdict: {
      kind: 'clean',
      findings: [],
      engines: [{ engine: 'builtin', version: 'builtin 0.1.0' }],
      sha256: 'c'.repeat(64),
      detectedType: 'application/pdf',
      scannedAt: now,
      durationMs: 5,
    },
    uploadedAt: now,
    writtenAt: now,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * `paced`: one write at a time, the next only after the handler saw the previous one (pure latency).
 * `burst`: every write back to back (throughput, and latency when batches form).
 */
async function run(mode: 'paced' | 'burst', writes: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-bench-'));
  const gate = openGateDatabase(join(dir, 'gate.sqlite'));
  const putAt = new Map<string, number>();
  const latencies: number[] = [];
  let seen: (() => void) | null = null;
  const dispatcher = createStreamDispatcher({
    stream: gate.verdicts,
    checkpoints: gate.checkpoints,
    deadLetters: gate.deadLetters,
    handler: async (event) => {
      const at = performance.now();
      for (const record of event.Records) {
        const id = (record.dynamodb.Keys.fileId as { S: string }).S;
        latencies.push(at - (putAt.get(id) ?? at));
      }
      seen?.();
    },
    clock: { now: () => Date.now() },
    logger: silentLogger,
  });
  dispatcher.start();
  const started = performance.now();
  for (let i = 0; i < writes; i++) {
    const id = `${mode}-${i}`;
    const delivered = mode === 'paced' ? new Promise<void>((resolve) => (seen = resolve)) : null;
    putAt.set(id, performance.now());
    await gate.verdicts.put(item(id, Date.now()));
    if (delivered) await delivered;
  }
  const writeSeconds = (performance.now() - started) / 1000;
  await dispatcher.drain();
  const invocations = dispatcher.stats().invocations;
  await dispatcher.stop();
  gate.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  return {
    mode,
    writes,
    writesPerSecond: Math.round(writes / writeSeconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    invocations,
  };
}

/** Runs both modes and prints their figures side by side. */
export async function benchStreamAppend(writes = 5000): Promise<Figures[]> {
  const results = [await run('paced', writes), await run('burst', writes)];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  console.log(`stream-append: ${writes} verdict writes to a WAL SQLite file, in-process handler`);
  console.table(
    results.map((r) => ({
      mode: r.mode,
      'writes/s': r.writesPerSecond,
      'put→handler p50 ms': round(r.p50Ms),
      'p99 ms': round(r.p99Ms),
      'max ms': round(r.maxMs),
      invocations: r.invocations,
    })),
  );
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchStreamAppend(Number(process.argv[2] ?? 5000));
}
