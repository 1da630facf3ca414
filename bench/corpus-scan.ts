// The built-in engine on a corpus of real documents (scripts/build-corpus.ts): false positives on
// the accepted kinds, detection of risky files, and MB/s beside clamd on the same files.
//
//   node --import tsx scripts/build-corpus.ts            # once: downloads and unpacks the corpus
//   node --import tsx bench/corpus-scan.ts [--dir /tmp/sekisho-corpus] [--runs 3] [--no-clamd] [--kind K …]
//                                          [--compare /path/to/other/checkout]
//
// --compare runs a second built-in engine, the one of another checkout of this repository (an
// older release: `git worktree add /tmp/scan-base <commit>` with node_modules linked), on the
// same files in the same run, its passes interleaved with this one's, so that a shared or busy
// machine slows both alike and the ratio between them holds. Both engines then share one heap:
// memory one frees, the other reuses, which hides what an engine gains by not taking fresh memory
// (measure that in separate processes).
//
// The last line weighs every writer's PDFs by their bytes ("real PDFs"); the per-file lines give
// each engine's minor page faults per MB (clamd's own process for clamd): on a VM whose host
// reclaims freed pages, their cost, and so the ratio between the engines, moves with the machine.
//
// The built-in engine is the compiled one in dist/ (bench/support/compiled-engine.ts says why):
// run `npm run build` first, here and in a --compare checkout.
//
// clamd runs as the tests start it (test/support/clamd.ts): Debian's clamd with the project's small
// test database over a unix socket. ClamAV's test files are detected by ClamAV's real signatures,
// which that database does not hold, so clamd's detection column says what this setup detects.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createClamdScanner } from '../src/adapters/clamd/clamd-scanner.js';
import type { Scanner, ScanSubject } from '../src/gate/ports.js';
import type { EngineResult } from '../src/gate/verdict.js';
import { startClamd } from '../test/support/clamd.js';
import { compiledEngine } from './support/compiled-engine.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/sekisho-corpus' },
    runs: { type: 'string', default: '3' },
    'no-clamd': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    kind: { type: 'string', multiple: true },
    compare: { type: 'string' },
  },
});
const DIR = values.dir as string;
const RUNS = Number(values.runs);

interface Item {
  path: string;
  kind: string;
  expect: 'accept' | 'refuse';
  source: string;
}
if (!existsSync(join(DIR, 'manifest.json'))) {
  // The corpus is downloaded, not committed: say how to build it rather than fail a bench run.
  console.log(`No corpus in ${DIR}. Build it first: node --import tsx scripts/build-corpus.ts --dir ${DIR}`);
  process.exit(0);
}
const { createBuiltinScanner, fileSubject } = await compiledEngine();
const items: Item[] = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));
const size = (i: Item) => statSync(join(DIR, i.path)).size;
// `--kind pdf --kind pdf-skia`: only those kinds (a pass over all of them takes minutes).
const wanted = values.kind as string[] | undefined;
const kinds = [...new Set(items.map((i) => i.kind))].filter(
  (k) => wanted === undefined || wanted.includes(k),
);
if (kinds.length === 0) {
  console.log(
    `No files of kind ${wanted?.join(', ')} in ${DIR}. Kinds there: ${[...new Set(items.map((i) => i.kind))].join(', ')}.`,
  );
  process.exit(1);
}
const KIND_WIDTH = Math.max(...kinds.map((k) => k.length));

type MakeSubject = (path: string) => Promise<ScanSubject>;

async function run(
  engine: Scanner,
  item: Item,
  make: MakeSubject = fileSubject,
): Promise<{ result: EngineResult; ms: number }> {
  const subject = await make(join(DIR, item.path));
  return timed(engine, subject);
}

async function timed(engine: Scanner, subject: ScanSubject): Promise<{ result: EngineResult; ms: number }> {
  const start = performance.now();
  const result = await engine.scan(subject);
  return { result, ms: performance.now() - start };
}

/** A process's fields from /proc/PID/stat, from the state on (field 3 of proc(5) is index 0). */
const statFields = (pid: number | 'self') =>
  readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
/** CPU seconds a process has used (user + system), from /proc: clamd's own work, whatever else runs. */
function processCpu(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
/**
 * Minor page faults a process has taken: a first touch of fresh memory. Each costs far more in a
 * VM whose host reclaims freed pages (Firecracker, as here and on Lambda) than on bare metal, so
 * an engine that takes many per MB is fast or slow with the machine's state.
 */
const processFaults = (pid: number | 'self') => Number(statFields(pid)[7]);
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Engine {
  readonly label: string;
  readonly scanner: Scanner;
  /** How this engine's own checkout opens a file (its adapters may differ too). */
  readonly make: MakeSubject;
  /** CPU seconds this engine has used so far. */
  readonly cpu: () => number;
  /** Minor page faults its process has taken so far. */
  readonly faults: () => number;
}

/**
 * Best of `RUNS` passes over every file of a kind, in MB/s of wall time and of CPU time, for each
 * engine; the engines take turns file by file, so a busy machine slows them alike. The machine
 * may be shared: CPU time (this process for a built-in engine, clamd's process for clamd) says
 * what each engine costs, wall time what a user waits. Files are opened (and hashed) before the
 * clock starts: that is the upload's work, not the scan's.
 */
interface Rate {
  /** MB/s of the best pass's wall time, and of its CPU time. */
  readonly wall: number;
  readonly cpu: number;
  /** Each file's best time over the passes, in ms, in `list` order. */
  readonly fileMs: number[];
  /** Minor page faults per MB, over every pass. */
  readonly faultsPerMb: number;
}

async function throughput(engines: readonly Engine[], list: Item[]): Promise<Rate[]> {
  const mb = list.reduce((n, i) => n + size(i), 0) / 1024 / 1024;
  const best = engines.map(() => ({ wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY }));
  const fileMs = engines.map(() => list.map(() => Number.POSITIVE_INFINITY));
  const faults = engines.map(() => 0);
  const subjects = await Promise.all(
    engines.map((e) => Promise.all(list.map((i) => e.make(join(DIR, i.path))))),
  );
  for (let r = 0; r < RUNS; r++) {
    const ms = engines.map(() => 0);
    const used = engines.map(() => 0);
    for (let f = 0; f < list.length; f++)
      for (let k = 0; k < engines.length; k++) {
        // Alternate who goes first, so neither always finds the file in a warmer cache.
        const e = (k + f + r) % engines.length;
        const engine = engines[e] as Engine;
        const before = engine.cpu();
        const faultsBefore = engine.faults();
        const took = (await timed(engine.scanner, subjects[e]?.[f] as ScanSubject)).ms;
        faults[e] = (faults[e] as number) + engine.faults() - faultsBefore;
        ms[e] = (ms[e] as number) + took;
        const files = fileMs[e] as number[];
        files[f] = Math.min(files[f] as number, took);
        used[e] = (used[e] as number) + engine.cpu() - before;
      }
    engines.forEach((_, e) => {
      const b = best[e] as { wall: number; cpu: number };
      b.wall = Math.min(b.wall, ms[e] as number);
      b.cpu = Math.min(b.cpu, used[e] as number);
    });
  }
  // /proc counts in 10 ms ticks: a pass shorter than a tick has no CPU figure.
  return best.map((b, e) => ({
    wall: mb / (b.wall / 1000),
    cpu: b.cpu > 0 ? mb / b.cpu : Number.NaN,
    fileMs: fileMs[e] as number[],
    faultsPerMb: (faults[e] as number) / (mb * RUNS),
  }));
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** Files of at most this size are what a recruiting site mostly receives: one- to ten-page CVs. */
const CV_SIZED = 2 * 1024 * 1024;

/**
 * Per-file figures of one engine over `list`: p50 and p99 ms of each file's best time, files per
 * second, and MB/s over the files of at most {@link CV_SIZED} bytes alone.
 */
function perFile(list: Item[], rate: Rate): string {
  const small = list
    .map((item, f) => ({ bytes: size(item), ms: rate.fileMs[f] as number }))
    .filter((x) => x.bytes <= CV_SIZED);
  const smallMb = small.reduce((n, x) => n + x.bytes, 0) / 1024 / 1024;
  const smallMs = small.reduce((n, x) => n + x.ms, 0);
  const allMs = rate.fileMs.reduce((n, ms) => n + ms, 0);
  return `p50 ${percentile(rate.fileMs, 50).toFixed(1)} p99 ${percentile(rate.fileMs, 99).toFixed(1)} ms, ${((list.length / allMs) * 1000).toFixed(0)} files/s, files <= 2 MB (${small.length}) ${(smallMb / (smallMs / 1000)).toFixed(0)} MB/s, ${rate.faultsPerMb.toFixed(0)} page faults/MB`;
}

const builtin = createBuiltinScanner();
const clamd = values['no-clamd'] ? null : await startClamd({ maxFileSize: '200M' });
const clamdEngine =
  clamd === null ? null : createClamdScanner({ address: clamd.unixAddress, timeoutMs: 60_000 });

/** The built-in engine (and the way it opens files) of another checkout, for --compare. */
async function otherBuiltin(root: string): Promise<Engine> {
  const other = await compiledEngine(root);
  const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], {
    encoding: 'utf8',
  }).trim();
  return {
    label: `builtin@${commit}`,
    scanner: other.createBuiltinScanner(),
    make: other.fileSubject,
    cpu: ownCpu,
    faults: () => processFaults('self'),
  };
}
const engines: Engine[] = [
  { label: 'builtin', scanner: builtin, make: fileSubject, cpu: ownCpu, faults: () => processFaults('self') },
  ...(values.compare === undefined ? [] : [await otherBuiltin(values.compare)]),
  ...(clamdEngine === null || clamd === null
    ? []
    : [
        {
          label: 'clamd',
          scanner: clamdEngine,
          make: fileSubject,
          cpu: () => processCpu(clamd.pid),
          // clamd's own process: the client side of the socket is in this one, with the built-in engine.
          faults: () => processFaults(clamd.pid),
        },
      ]),
];

const rows: string[] = [];
const perFileRows: string[] = [];
/**
 * Seconds of each engine's best pass, summed over the kinds of real PDFs (every writer's
 * documents, not the risky ones): the figure for "real PDFs" as a whole, each writer weighed by
 * the bytes the corpus has of it.
 */
const realPdfs = { mb: 0, seconds: new Map<string, number>() };
const isRealPdfKind = (kind: string, expect: string) => kind.startsWith('pdf') && expect === 'accept';
const misjudged: string[] = [];
for (const kind of kinds) {
  const list = items.filter((i) => i.kind === kind);
  const mb = list.reduce((n, i) => n + size(i), 0) / 1024 / 1024;
  let wrong = 0;
  let clamdFound = 0;
  const rules = new Map<string, number>();
  for (const item of list) {
    const { result } = await run(builtin, item);
    const refused = result.kind !== 'clean';
    if (refused !== (item.expect === 'refuse')) {
      wrong++;
      misjudged.push(
        `${item.path} (${item.source}): ${result.kind} ${result.findings.map((f) => `${f.rule}: ${f.detail}`).join('; ')}`,
      );
    }
    for (const f of result.findings) rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
    if (clamdEngine !== null && (await run(clamdEngine, item)).result.kind !== 'clean') clamdFound++;
    if (values.verbose)
      console.log(`${item.path}: ${result.kind} ${result.findings.map((f) => f.rule).join(',')}`);
  }
  const expect = list[0]?.expect ?? 'accept';
  const rates = await throughput(engines, list);
  if (isRealPdfKind(kind, expect)) {
    realPdfs.mb += mb;
    engines.forEach((e, k) => {
      realPdfs.seconds.set(e.label, (realPdfs.seconds.get(e.label) ?? 0) + mb / (rates[k] as Rate).wall);
    });
  }
  const rateOf = (label: string) => rates[engines.findIndex((e) => e.label === label)];
  const none: Rate = { wall: Number.NaN, cpu: Number.NaN, fileMs: [], faultsPerMb: Number.NaN };
  const builtinRate = rateOf('builtin') ?? none;
  const clamdRate = rateOf('clamd') ?? none;
  const rate = (r: { wall: number; cpu: number }) =>
    `${r.wall.toFixed(0).padStart(4)} MB/s (cpu ${r.cpu.toFixed(0).padStart(4)})`;
  const other = engines.find((e) => e.label.startsWith('builtin@'));
  const otherCol = other === undefined ? '' : ` | ${other.label} ${rate(rateOf(other.label) ?? none)}`;
  const judged =
    expect === 'accept'
      ? `false positives ${String(wrong).padStart(3)}`
      : `refused ${String(list.length - wrong).padStart(3)}/${list.length}`;
  const clamdCol =
    clamdEngine === null
      ? ''
      : expect === 'refuse'
        ? `clamd detects ${clamdFound}/${list.length}`
        : `clamd flags ${clamdFound}`;
  perFileRows.push(
    `${kind.padEnd(KIND_WIDTH)} builtin ${perFile(list, builtinRate)}${clamdEngine === null ? '' : ` | clamd ${perFile(list, clamdRate)}`}`,
  );
  rows.push(
    `${kind.padEnd(KIND_WIDTH)} ${String(list.length).padStart(4)} files ${mb.toFixed(1).padStart(6)} MB | builtin ${judged} ${rate(builtinRate)}${otherCol} | clamd ${rate(clamdRate)} ${clamdCol} | ${[...rules].map(([r, n]) => `${r} ${n}`).join(', ')}`,
  );
}
console.log(
  `corpus ${DIR}: ${items.length} files; best of ${RUNS} passes; MB/s of wall time (of CPU time: this process for builtin, clamd's process for clamd); clamd ${clamd === null ? 'not run' : 'with the test database, unix socket'}`,
);
for (const row of rows) console.log(row);
if (realPdfs.mb > 0) {
  const wall = (label: string) => realPdfs.mb / (realPdfs.seconds.get(label) ?? Number.NaN);
  const ratio =
    clamdEngine === null ? '' : `, built-in / clamd ${(wall('builtin') / wall('clamd')).toFixed(1)}×`;
  console.log(
    `real PDFs, every writer above: ${realPdfs.mb.toFixed(1)} MB | ${engines.map((e) => `${e.label} ${wall(e.label).toFixed(0)} MB/s`).join(' | ')}${ratio}`,
  );
}
console.log("\nPer file (each file's best pass):");
for (const row of perFileRows) console.log(row);
if (misjudged.length > 0) console.log(`\nMisjudged:\n${misjudged.map((m) => `  ${m}`).join('\n')}`);
await clamd?.stop();
