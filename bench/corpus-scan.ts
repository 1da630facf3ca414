// The built-in engine on a corpus of real documents (scripts/build-corpus.ts): false positives on
// the accepted kinds, detection of risky files, and MB/s beside clamd on the same files.
//
//   node --import tsx scripts/build-corpus.ts            # once: downloads and unpacks the corpus
//   node --import tsx bench/corpus-scan.ts [--dir /tmp/sekisho-corpus] [--runs 3] [--no-clamd]
//
// clamd runs as the tests start it (test/support/clamd.ts): Debian's clamd with the project's small
// test database over a unix socket. ClamAV's test files are detected by ClamAV's real signatures,
// which that database does not hold, so clamd's detection column says what this setup detects.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createClamdScanner } from '../src/adapters/clamd/clamd-scanner.js';
import { fileSubject } from '../src/adapters/fs/file-subject.js';
import type { Scanner } from '../src/gate/ports.js';
import { createBuiltinScanner } from '../src/gate/scan/builtin/builtin-scanner.js';
import type { EngineResult } from '../src/gate/verdict.js';
import { startClamd } from '../test/support/clamd.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/sekisho-corpus' },
    runs: { type: 'string', default: '3' },
    'no-clamd': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
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
const items: Item[] = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));
const size = (i: Item) => statSync(join(DIR, i.path)).size;

async function run(engine: Scanner, item: Item): Promise<{ result: EngineResult; ms: number }> {
  const subject = await fileSubject(join(DIR, item.path));
  const start = performance.now();
  const result = await engine.scan(subject);
  return { result, ms: performance.now() - start };
}

/** Best of `RUNS` passes over every file of a kind: total bytes / total time. */
async function throughput(engine: Scanner, list: Item[]): Promise<number> {
  const bytes = list.reduce((n, i) => n + size(i), 0);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < RUNS; r++) {
    let ms = 0;
    for (const item of list) ms += (await run(engine, item)).ms;
    best = Math.min(best, ms);
  }
  return bytes / 1024 / 1024 / (best / 1000);
}

const builtin = createBuiltinScanner();
const clamd = values['no-clamd'] ? null : await startClamd({ maxFileSize: '200M' });
const clamdEngine =
  clamd === null ? null : createClamdScanner({ address: clamd.unixAddress, timeoutMs: 60_000 });

const kinds = [...new Set(items.map((i) => i.kind))];
const rows: string[] = [];
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
  const builtinRate = await throughput(builtin, list);
  const clamdRate = clamdEngine === null ? Number.NaN : await throughput(clamdEngine, list);
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
  rows.push(
    `${kind.padEnd(13)} ${String(list.length).padStart(4)} files ${mb.toFixed(1).padStart(6)} MB | builtin ${judged} | ${builtinRate.toFixed(0).padStart(5)} MB/s | clamd ${clamdRate.toFixed(0).padStart(5)} MB/s ${clamdCol} | ${[...rules].map(([r, n]) => `${r} ${n}`).join(', ')}`,
  );
}
console.log(
  `corpus ${DIR}: ${items.length} files; builtin best of ${RUNS} passes; clamd ${clamd === null ? 'not run' : 'with the test database, unix socket'}`,
);
for (const row of rows) console.log(row);
if (misjudged.length > 0) console.log(`\nMisjudged:\n${misjudged.map((m) => `  ${m}`).join('\n')}`);
await clamd?.stop();
