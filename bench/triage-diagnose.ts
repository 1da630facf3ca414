// Parse + diagnose execution histories of 1k, 5k and 25k events (25,000 is the Step Functions maximum).
// Run: node --import tsx bench/triage-diagnose.ts. Target: under 50 ms for 25k events, linear in events.
import { performance } from 'node:perf_hooks';
import { diagnose } from '../src/triage/diagnose.js';
import { parseHistory } from '../src/triage/history/parse-history.js';
import { largeHistory } from '../test/fixtures/triage/large-history.js';

const SIZES = [1_000, 5_000, 25_000];
const RUNS = 40;
const WARMUP = 5;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const time = (fn: () => void) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

console.log(
  `triage diagnose benchmark: node ${process.version}, ${RUNS} runs per size after ${WARMUP} warm-up runs`,
);
console.log(
  'events   JSON.parse p50   parseHistory p50   diagnose p50   parse+diagnose p50/p99   with JSON.parse p50/p99   ms/1k (p50)',
);
for (const size of SIZES) {
  const text = JSON.stringify(largeHistory(size));
  const events = (JSON.parse(text) as { events: unknown[] }).events.length;
  const parse: number[] = [];
  const validate: number[] = [];
  const analyse: number[] = [];
  const total: number[] = [];
  const core: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    let json: unknown;
    let history: ReturnType<typeof parseHistory> | undefined;
    const a = time(() => {
      json = JSON.parse(text);
    });
    const b = time(() => {
      history = parseHistory(json);
    });
    const c = time(() => {
      if (history) diagnose(history, { lang: 'en' });
    });
    if (i < WARMUP) continue;
    parse.push(a);
    validate.push(b);
    analyse.push(c);
    total.push(a + b + c);
    core.push(b + c);
  }
  for (const list of [parse, validate, analyse, total, core]) list.sort((x, y) => x - y);
  const p50 = percentile(core, 50);
  console.log(
    [
      String(events).padStart(6),
      `${percentile(parse, 50).toFixed(2)} ms`.padStart(16),
      `${percentile(validate, 50).toFixed(2)} ms`.padStart(18),
      `${percentile(analyse, 50).toFixed(2)} ms`.padStart(14),
      `${p50.toFixed(2)} / ${percentile(core, 99).toFixed(2)} ms`.padStart(24),
      `${percentile(total, 50).toFixed(2)} / ${percentile(total, 99).toFixed(2)} ms`.padStart(25),
      `${((p50 / events) * 1000).toFixed(2)}`.padStart(14),
    ].join(' '),
  );
}
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);
