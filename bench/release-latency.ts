// Verdict write → published, p50/p99: the event-driven stream release versus the old periodic
// poll, in one run. Runs the real server in-process (real SQLite, real HTTP webhook to itself),
// uploads small clean files one at a time and times, on one monotonic clock, the moment the
// verdict item is committed and the moment the web app publishes the file.
//
//   node --import tsx bench/release-latency.ts [--files 200] [--poll-files 20] [--poll-interval 60s]
//
// The poll side runs at the old batch's real 60 s period by default: its files are uploaded at
// random moments over one period, so the run takes about two minutes. `--poll-interval 5s`
// shortens it; the figures then scale with the interval (a file waits on average half of it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/runtime/cli/cli-options.js';
import { type RunningGate, startGate } from '../src/runtime/gate/start-gate.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '200' },
    'poll-files': { type: 'string', default: '20' },
    'poll-interval': { type: 'string', default: '60s' },
  },
});
const files = Number(values.files);
const pollFiles = Number(values['poll-files']);
const WARMUP = 20;
const pollIntervalMs = parseDuration(values['poll-interval'] as string) ?? 60_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Instruments a running gate: verdict commit time and publish time per file, on performance.now(). */
function instrument(gate: RunningGate) {
  const written = new Map<string, number>();
  const published = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const put = gate.verdicts.put.bind(gate.verdicts);
  gate.verdicts.put = async (item) => {
    const result = await put(item);
    written.set(item.fileId, performance.now());
    return result;
  };
  gate.events.subscribe(gate.demo?.threadId ?? '', (event) => {
    if (event.type !== 'file.published') return;
    published.set(event.file.id, performance.now());
    waiters.get(event.file.id)?.();
  });
  return {
    latency: (id: string) => (published.get(id) ?? Number.NaN) - (written.get(id) ?? Number.NaN),
    publishedOnce: (id: string) =>
      new Promise<void>((resolve) => {
        if (published.has(id)) resolve();
        else waiters.set(id, resolve);
      }),
  };
}

async function uploadOne(gate: RunningGate, i: number): Promise<string> {
  const demo = gate.demo;
  if (demo === null) throw new Error('demo mode expected');
  const form = new FormData();
  form.append('file', new Blob([`Curriculum vitae number ${i}\nTypeScript, AWS, SQLite\n`]), `cv-${i}.txt`);
  const response = await fetch(`${gate.url}/api/threads/${demo.threadId}/files`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${demo.candidateToken}` },
  });
  if (response.status !== 202)
    throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function run(mode: 'stream' | 'poll', count: number): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), `sekisho-bench-${mode}-`));
  // One candidate uploads every file: no per-user rate limit or queue bound, which would answer 429.
  const gate = await startGate({
    dataDir: dir,
    port: 0,
    demo: true,
    env: {},
    release: mode,
    pollIntervalMs,
    uploadLimits: null,
    scanQueue: { maxQueuedPerUser: 100_000 },
  });
  const probe = instrument(gate);
  try {
    const latencies: number[] = [];
    if (mode === 'stream') {
      // Warm-up (JIT, connection pool), not counted.
      for (let i = 0; i < WARMUP; i++) await probe.publishedOnce(await uploadOne(gate, -i));
      for (let i = 0; i < count; i++) {
        const id = await uploadOne(gate, i);
        await probe.publishedOnce(id);
        latencies.push(probe.latency(id));
      }
    } else {
      // Uploads at random moments over one period, as real uploads fall between batch runs.
      const ids = await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          await new Promise((r) => setTimeout(r, Math.random() * pollIntervalMs));
          return uploadOne(gate, i);
        }),
      );
      for (const id of ids) await probe.publishedOnce(id);
      latencies.push(...ids.map((id) => probe.latency(id)));
    }
    return latencies.sort((a, b) => a - b);
  } finally {
    await gate.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`);

console.log(
  `release-latency: verdict written → published (stream: ${files} files; poll: ${pollFiles} files at ${values['poll-interval']})`,
);
const stream = await run('stream', files);
const poll = await run('poll', pollFiles);
const rows = [
  ['release', 'files', 'p50', 'p99', 'max'],
  [
    'stream',
    String(stream.length),
    fmt(percentile(stream, 50)),
    fmt(percentile(stream, 99)),
    fmt(stream.at(-1) ?? 0),
  ],
  [
    `poll ${values['poll-interval']}`,
    String(poll.length),
    fmt(percentile(poll, 50)),
    fmt(percentile(poll, 99)),
    fmt(poll.at(-1) ?? 0),
  ],
];
for (const row of rows) console.log(row.map((c, i) => (i === 0 ? c.padEnd(12) : c.padStart(10))).join(' '));
console.log(
  `target: stream p99 < 20 ms (${percentile(stream, 99) < 20 ? 'met' : 'NOT met'}); the old design waits up to one poll interval.`,
);
