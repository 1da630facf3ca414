// Does scanning stall the server? Runs the real server in-process twice, with the built-in engine
// in its worker pool and on the event loop (--scan-workers 0), uploads large text files (the
// slowest kind per MB for the engine) and, all the while, GETs /healthz from a separate thread.
// Prints /healthz p50/p99/max, the server's event-loop delay (perf_hooks.monitorEventLoopDelay),
// the time until every file had its verdict, and how long close() took, side by side.
//
//   node --import tsx bench/event-loop-under-scan.ts [--files 6] [--size-mb 25] [--workers N]
//
// The uploads and the /healthz probe run in worker threads of this process, so that the client
// side never runs on the server's event loop; only the server's own work does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startGate } from '../src/runtime/gate/start-gate.js';
import { buildZip } from '../test/fixtures/files/build-zip.js';
import { HEALTHZ_PROBE as PROBE, percentile as pct, UPLOADER } from './support/bench-workers.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '6' },
    'size-mb': { type: 'string', default: '25' },
    workers: { type: 'string' },
    kind: { type: 'string', default: 'text,zip' },
  },
});
const files = Number(values.files);
const sizeMb = Number(values['size-mb']);
const poolSize = values.workers === undefined ? undefined : Number(values.workers);
const kinds = (values.kind as string).split(',') as ('text' | 'zip')[];

/** A file of about `sizeMb` on disk: plain text, or a ZIP of CSV files (inflated and read by the engine). */
function buildBody(kind: 'text' | 'zip', mb: number): { body: Buffer; name: string } {
  if (kind === 'text') {
    const line = 'Sekisho benchmark line: a plain sentence of text for the scanner, 0123456789.\n';
    return { body: Buffer.from(line.repeat(Math.ceil((mb * 1024 * 1024) / line.length))), name: 'notes.txt' };
  }
  const entries: { name: string; data: string }[] = [];
  let onDisk = 0;
  while (onDisk < mb * 1024 * 1024) {
    const rows: string[] = ['id,name,score,comment'];
    for (let i = 0; i < 60_000; i++)
      rows.push(
        `${i},name-${Math.random().toString(36).slice(2, 9)},${(Math.random() * 1000).toFixed(3)},ok`,
      );
    const data = `${rows.join('\n')}\n`;
    entries.push({ name: `part-${entries.length}.csv`, data });
    onDisk = buildZip(entries).length;
  }
  return { body: buildZip(entries), name: 'bundle.zip' };
}

interface Figures {
  healthz: number[];
  loopP50: number;
  loopP99: number;
  loopMax: number;
  allVerdictsMs: number;
  closeMs: number;
  kinds: string;
}

async function run(kind: 'text' | 'zip', scanWorkers: number | undefined): Promise<Figures> {
  const file = buildBody(kind, sizeMb);
  const small = buildBody(kind, 1);
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-bench-loop-'));
  const gate = await startGate({
    dataDir: dir,
    port: 0,
    demo: true,
    env: {},
    maxUploadBytes: (sizeMb + 8) * 1024 * 1024,
    ...(scanWorkers === undefined ? {} : { scanWorkers }),
  });
  const demo = gate.demo;
  if (demo === null) throw new Error('demo mode did not seed');
  // Warm up: the first scan starts a worker and compiles the engine's code paths.
  const warm = new Worker(UPLOADER, {
    eval: true,
    workerData: { url: gate.url, threadId: demo.threadId, token: demo.candidateToken, files: 1, ...small },
  });
  await new Promise((resolve) => warm.once('message', resolve));
  await gate.scans.idle();

  const probe = new Worker(PROBE, { eval: true, workerData: { url: gate.url } });
  await new Promise((r) => setTimeout(r, 200));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  const uploader = new Worker(UPLOADER, {
    eval: true,
    workerData: { url: gate.url, threadId: demo.threadId, token: demo.candidateToken, files, ...file },
  });
  const ids = await new Promise<string[]>((resolve, reject) => {
    uploader.once('message', resolve);
    uploader.once('error', reject);
  });
  for (;;) {
    const statuses = ids.map((id) => gate.app.getFile(id)?.status);
    if (statuses.every((s) => s !== 'scanning')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const allVerdictsMs = performance.now() - started;
  loop.disable();
  const healthz = await new Promise<number[]>((resolve) => {
    probe.once('message', resolve);
    probe.postMessage('stop');
  });
  const kinds = [...new Set(ids.map((id) => gate.app.getFile(id)?.status))].join(',');
  const closing = performance.now();
  await gate.close();
  const closeMs = performance.now() - closing;
  await Promise.all([probe.terminate(), uploader.terminate(), warm.terminate()]);
  await rm(dir, { recursive: true, force: true });
  return {
    healthz: healthz.sort((a, b) => a - b),
    loopP50: loop.percentile(50) / 1e6,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
    allVerdictsMs,
    closeMs,
    kinds,
  };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
for (const kind of kinds) {
  const pool = await run(kind, poolSize);
  const inline = await run(kind, 0);
  const row = (label: string, f: (x: Figures) => string) =>
    console.log(`${label.padEnd(34)}| ${f(pool).padStart(22)} | ${f(inline).padStart(22)}`);
  console.log(
    `\n${kind}: ${files} uploads of ${sizeMb} MB at once; /healthz every 10 ms from another thread; Node ${process.version}`,
  );
  console.log(
    `${'figure'.padEnd(34)}| ${'worker pool'.padStart(22)} | ${'event loop (0 workers)'.padStart(22)}`,
  );
  row('/healthz requests', (x) => String(x.healthz.length));
  row('/healthz p50', (x) => ms(pct(x.healthz, 50)));
  row('/healthz p99', (x) => ms(pct(x.healthz, 99)));
  row('/healthz max', (x) => ms(x.healthz.at(-1) ?? Number.NaN));
  row('event-loop delay p50', (x) => ms(x.loopP50));
  row('event-loop delay p99', (x) => ms(x.loopP99));
  row('event-loop delay max', (x) => ms(x.loopMax));
  row('upload start → every verdict', (x) => ms(x.allVerdictsMs));
  row('outcome', (x) => x.kinds);
  row('close()', (x) => ms(x.closeMs));
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process, every run)`);
