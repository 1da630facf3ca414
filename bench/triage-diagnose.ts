// Parse + diagnose execution histories of 1k, 5k and 25k events (25,000 is the Step Functions maximum).
// Target: parse + diagnose of 25,000 events under 50 ms at p99, linear in events (flat ms per 1,000).
//
//   node --import tsx bench/triage-diagnose.ts [--runs 40] [--warmup 5] [--sizes 1000,5000,25000]
//                                              [--base DIR] [--fresh-heap]
//
// --base DIR also times the parseHistory and diagnose of another checkout (e.g. a `git worktree` of the
// first release), interleaved run by run with this tree's so that a busy machine slows both alike; the
// history is built by this tree's fixture for both.
//
// --fresh-heap collects all garbage before each run (outside the timed window), as a single triage (a CLI
// run, a Lambda invocation) starts without the garbage of earlier histories: by default the runs follow
// each other, and the old-space collections that 40 parsed 5 MB histories cause land in some windows.
//
// Besides times it prints the garbage collection that fell inside parse + diagnose (what a large
// history costs beyond the work itself: the pauses are part of the p99) and the heap and RSS.
import { join, resolve } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { diagnose } from '../src/triage/diagnose.js';
import { parseHistory } from '../src/triage/history/parse-history.js';
import { largeHistory } from '../test/fixtures/triage/large-history.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '1000,5000,25000' },
    base: { type: 'string' },
    'fresh-heap': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);
const SIZES = values.sizes.split(',').map(Number);
if (!(RUNS > 0 && WARMUP >= 0 && SIZES.every((n) => n > 0))) {
  console.error('--runs and --sizes take positive numbers, --warmup a number of runs (0 or more).');
  process.exit(2);
}

// The documented way to reach V8's gc() without restarting node with --expose-gc.
const collect = (): (() => void) => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
};
const gcBetweenRuns = values['fresh-heap'] ? collect() : null;

interface Impl {
  readonly name: string;
  readonly parseHistory: (input: unknown) => unknown;
  readonly diagnose: (history: never, options: { lang: 'en' }) => unknown;
}
const impls: Impl[] = [{ name: 'today', parseHistory, diagnose: diagnose as Impl['diagnose'] }];
if (values.base !== undefined) {
  const base = resolve(values.base);
  const load = (file: string) => import(pathToFileURL(join(base, file)).href);
  try {
    const [d, p] = await Promise.all([
      load('src/triage/diagnose.ts'),
      load('src/triage/history/parse-history.ts'),
    ]);
    impls.push({ name: 'base', parseHistory: p.parseHistory, diagnose: d.diagnose });
  } catch (error) {
    console.error(`--base ${values.base}: cannot load its src/triage (${(error as Error).message}).`);
    process.exit(2);
  }
}

// GC pauses are reported after the fact; each is matched to the parse + diagnose window it began in.
const gcs: { start: number; duration: number; major: boolean }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
    // NODE_PERFORMANCE_GC_MAJOR = 4 (mark-compact); minor (scavenge) = 1, incremental = 8, weak = 16.
    gcs.push({ start: entry.startTime, duration: entry.duration, major: kind === 4 });
  }
});
observer.observe({ entryTypes: ['gc'] });

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const ms = (n: number) => `${n.toFixed(2)} ms`;

interface Samples {
  parse: number[];
  validate: number[];
  analyse: number[];
  windows: [number, number][];
}

console.log(
  `triage diagnose benchmark: node ${process.version}, ${RUNS} runs per size after ${WARMUP} warm-up runs` +
    (impls.length > 1 ? `, today vs base (${values.base}) interleaved` : '') +
    (gcBetweenRuns ? ', garbage collected before each run (--fresh-heap)' : ''),
);
console.log(
  'events  code    JSON.parse p50  parseHistory p50  diagnose p50  parse+diagnose p50/p99  with JSON.parse p50/p99  ms/1k (p50)  GC in parse+diagnose per run',
);
for (const size of SIZES) {
  const text = JSON.stringify(largeHistory(size));
  const events = (JSON.parse(text) as { events: unknown[] }).events.length;
  const samples = new Map<Impl, Samples>(
    impls.map((impl) => [impl, { parse: [], validate: [], analyse: [], windows: [] }]),
  );
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const impl of i % 2 === 0 ? impls : [...impls].reverse()) {
      gcBetweenRuns?.();
      const t0 = performance.now();
      const json: unknown = JSON.parse(text);
      const t1 = performance.now();
      const history = impl.parseHistory(json);
      const t2 = performance.now();
      impl.diagnose(history as never, { lang: 'en' });
      const t3 = performance.now();
      if (i < WARMUP) continue;
      const s = samples.get(impl) as Samples;
      s.parse.push(t1 - t0);
      s.validate.push(t2 - t1);
      s.analyse.push(t3 - t2);
      s.windows.push([t1, t3]);
    }
  }
  await new Promise((done) => setTimeout(done, 50)); // let the GC entries of this size arrive
  for (const impl of impls) {
    const s = samples.get(impl) as Samples;
    const core = s.validate.map((v, i) => v + (s.analyse[i] ?? 0)).sort((x, y) => x - y);
    const total = s.parse.map((v, i) => v + (s.validate[i] ?? 0) + (s.analyse[i] ?? 0)).sort((x, y) => x - y);
    for (const list of [s.parse, s.validate, s.analyse]) list.sort((x, y) => x - y);
    const inside = gcs.filter((gc) => s.windows.some(([from, to]) => gc.start >= from && gc.start < to));
    const pause = inside.reduce((sum, gc) => sum + gc.duration, 0) / RUNS;
    const majors = inside.filter((gc) => gc.major).length;
    const p50 = percentile(core, 50);
    console.log(
      [
        String(events).padStart(6),
        impl.name.padEnd(5),
        ms(percentile(s.parse, 50)).padStart(15),
        ms(percentile(s.validate, 50)).padStart(17),
        ms(percentile(s.analyse, 50)).padStart(13),
        `${percentile(core, 50).toFixed(2)} / ${ms(percentile(core, 99))}`.padStart(23),
        `${percentile(total, 50).toFixed(2)} / ${ms(percentile(total, 99))}`.padStart(24),
        ((p50 / events) * 1000).toFixed(2).padStart(12),
        `  ${ms(pause)} in ${(inside.length / RUNS).toFixed(1)} pauses (${majors} major in ${RUNS} runs)`,
      ].join(' '),
    );
  }
  gcs.length = 0;
}
observer.disconnect();
const heap = process.memoryUsage();
console.log(
  `peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB · heap used at the end: ${(heap.heapUsed / 2 ** 20).toFixed(1)} MB of ${(heap.heapTotal / 2 ** 20).toFixed(1)} MB`,
);
