// Built-in engine versus clamd on the same files: MB/s, p50/p99 ms per file and peak RSS, side
// by side in one table. Files (PDF, text, ZIP of 1, 10 and 100 MB) are generated in a temp dir
// by streaming, so generation does not inflate the figures. Each engine runs in its own child
// process so that its peak RSS is its own; clamd's is read from /proc (VmHWM of the daemon).
//
//   node --import tsx bench/scan-throughput.ts [--sizes 1,10,100] [--runs 10]
//
// clamd runs with the project's small test database (no download), so its figures measure the
// INSTREAM transfer and ClamAV's scanning engine with few signatures, not a full signature set.
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createClamdScanner } from '../src/adapters/clamd/clamd-scanner.js';
import type { Scanner } from '../src/gate/ports.js';
import { buildZip } from '../test/fixtures/files/build-zip.js';
import { startClamd } from '../test/support/clamd.js';
import { compiledEngine } from './support/compiled-engine.js';

// The built-in engine as users run it, compiled into dist/ (run `npm run build` first).
const { createBuiltinScanner, fileSubject } = await compiledEngine();

const MB = 1024 * 1024;
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,10,100' },
    runs: { type: 'string', default: '10' },
    worker: { type: 'string' },
    clamd: { type: 'string' },
    files: { type: 'string' },
  },
});

interface Row {
  file: string;
  bytes: number;
  ms: number[];
  kind: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function writeStreamed(path: string, parts: () => Generator<Buffer>): Promise<void> {
  const out = createWriteStream(path);
  for (const part of parts())
    if (!out.write(part)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((ok, ko) => out.end((e?: Error | null) => (e ? ko(e) : ok())));
}

/** A one-page PDF whose bulk is an image stream, written in 1 MB pieces. */
function* pdfParts(size: number): Generator<Buffer> {
  const head =
    '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 4 0 R >> >> >>\nendobj\n';
  const tail = '\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
  const body = size - head.length - tail.length - 120;
  yield Buffer.from(
    `${head}4 0 obj\n<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length ${body} >>\nstream\n`,
  );
  const block = Buffer.alloc(MB);
  for (let i = 0; i < MB; i++) block[i] = (i * 2654435761) >>> 24;
  for (let left = body; left > 0; left -= MB) yield block.subarray(0, Math.min(MB, left));
  yield Buffer.from(tail);
}

function* textParts(size: number): Generator<Buffer> {
  const line = Buffer.from(
    '2024-04-01,東京,山田太郎,ソフトウェアエンジニア,Curriculum vitae and portfolio notes\n',
  );
  const block = Buffer.concat(Array.from({ length: Math.floor(MB / line.length) }, () => line));
  for (let left = size; left > 0; left -= block.length) yield block.subarray(0, Math.min(block.length, left));
}

/** CSV rows of pseudo-random figures (a fixed LCG, so every run builds the same bytes). */
function csv(size: number, seed: number): Buffer {
  let x = seed + 1;
  const rows: string[] = ['id,date,amount,code'];
  let length = 0;
  while (length < size) {
    x = (x * 1103515245 + 12345) >>> 0;
    const row = `${x % 100000},2024-${(x % 12) + 1}-${(x % 28) + 1},${(x >>> 7) % 1000000},${x.toString(36)}`;
    rows.push(row);
    length += row.length + 1;
  }
  return Buffer.from(rows.join('\n')).subarray(0, size);
}

async function makeFiles(dir: string, sizes: number[]): Promise<string[]> {
  const files: string[] = [];
  for (const mb of sizes) {
    const pdf = join(dir, `doc-${mb}MB.pdf`);
    await writeStreamed(pdf, () => pdfParts(mb * MB));
    const txt = join(dir, `notes-${mb}MB.txt`);
    await writeStreamed(txt, () => textParts(mb * MB));
    files.push(pdf, txt);
    // A ZIP of CSV files with varied figures (deflates about 2.5x), within the 100 MB expansion budget.
    if (mb <= 50) {
      const zip = join(dir, `bundle-${mb}MB.zip`);
      const entries = Array.from({ length: Math.ceil(mb * 2.5) }, (_, i) => ({
        name: `part-${i}.csv`,
        data: csv(MB, i),
      }));
      await writeFile(zip, buildZip(entries));
      files.push(zip);
    }
  }
  return files;
}

/** Worker mode: scan each file `runs` times with one engine and print the timings and peak RSS as JSON. */
async function worker(engine: Scanner, files: string[], runs: number): Promise<void> {
  const rows: Row[] = [];
  for (const file of files) {
    const subject = await fileSubject(file);
    const n = subject.size >= 100 * MB ? Math.max(2, Math.ceil(runs / 5)) : runs;
    const row: Row = { file, bytes: subject.size, ms: [], kind: '' };
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const r = await engine.scan(subject);
      row.ms.push(performance.now() - t);
      row.kind = r.kind;
    }
    rows.push(row);
  }
  process.stdout.write(JSON.stringify({ rows, maxRssKb: process.resourceUsage().maxRSS }));
}

function runWorker(
  engine: string,
  files: string[],
  runs: number,
  clamd?: string,
): { rows: Row[]; maxRssKb: number } {
  const args = [
    '--import',
    'tsx',
    import.meta.filename,
    '--worker',
    engine,
    '--files',
    files.join('\n'),
    '--runs',
    String(runs),
  ];
  if (clamd !== undefined) args.push('--clamd', clamd);
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * MB }));
}

async function vmHwmKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

async function main(): Promise<void> {
  const runs = Number(values.runs);
  if (values.worker !== undefined) {
    const files = (values.files ?? '').split('\n');
    const engine =
      values.worker === 'builtin'
        ? createBuiltinScanner()
        : createClamdScanner({ address: values.clamd as string, timeoutMs: 300_000 });
    return worker(engine, files, runs);
  }
  const sizes = (values.sizes as string).split(',').map(Number);
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-bench-scan-'));
  const clamd = await startClamd({ maxFileSize: '400M' });
  try {
    const files = await makeFiles(dir, sizes);
    const builtin = runWorker('builtin', files, runs);
    const clam = runWorker('clamd', files, runs, clamd.unixAddress);
    const clamdRss = await vmHwmKb(clamd.pid);
    const fmt = (row: Row) => {
      const sorted = [...row.ms].sort((a, b) => a - b);
      const total = row.ms.reduce((a, b) => a + b, 0);
      const mbps = (row.bytes * row.ms.length) / MB / (total / 1000);
      return `${mbps.toFixed(0).padStart(6)} MB/s ${percentile(sorted, 50).toFixed(1).padStart(8)} ${percentile(sorted, 99).toFixed(1).padStart(8)} ms ${row.kind.padEnd(8)}`;
    };
    console.log(`scan throughput, ${runs} runs per file (2 for 100 MB files); node ${process.version}`);
    console.log(
      `${'file'.padEnd(30)} ${'size'.padStart(7)} | ${'builtin: MB/s, p50, p99, verdict'.padEnd(38)} | clamd (INSTREAM, unix socket): MB/s, p50, p99, verdict`,
    );
    builtin.rows.forEach((b, i) => {
      const c = clam.rows[i] as Row;
      const name = b.file.split('/').pop() as string;
      console.log(
        `${name.padEnd(30)} ${`${(b.bytes / MB).toFixed(1)}MB`.padStart(7)} | ${fmt(b)} | ${fmt(c)}`,
      );
    });
    console.log(
      `peak RSS: builtin worker ${(builtin.maxRssKb / 1024).toFixed(0)} MB | clamd client worker ${(clam.maxRssKb / 1024).toFixed(0)} MB, clamd daemon ${(clamdRss / 1024).toFixed(0)} MB`,
    );
  } finally {
    await clamd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
