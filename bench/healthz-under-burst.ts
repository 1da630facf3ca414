// Does a burst of uploads that finish together stall the server? Runs the real server in-process,
// fires `--uploads` uploads of `--size-kb` at once from a worker thread (one candidate; the per-user
// limits are lifted so that none is refused) and GETs /healthz every 10 ms from another thread
// until every file is published. Prints /healthz p50/p99/max and the event-loop delay over the
// burst, the CPU the event loop spent, and how long the burst took to upload and to publish.
//
//   node --import tsx bench/healthz-under-burst.ts [--uploads 200] [--size-kb 1024]
//   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/healthz-under-burst.ts   (a profile)
//
// The clients run in worker threads of this process, so that only the server's own work runs on
// its event loop.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startGate } from '../src/runtime/gate/start-gate.js';
import { HEALTHZ_PROBE, percentile, UPLOADER } from './support/bench-workers.js';

const { values } = parseArgs({
  options: {
    uploads: { type: 'string', default: '200' },
    'size-kb': { type: 'string', default: '1024' },
  },
});
const uploads = Number(values.uploads);

/**
 * CPU seconds of this process's main thread (the server's event loop) so far, from Linux's
 * /proc: what the loop really spent, which a loaded machine's scheduling does not inflate.
 */
function loopCpuMs(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
}
const sizeKb = Number(values['size-kb']);

const dir = await mkdtemp(join(tmpdir(), 'sekisho-bench-burst-'));
const gate = await startGate({
  dataDir: dir,
  port: 0,
  demo: true,
  env: {},
  uploadLimits: null,
  scanQueue: { maxQueuedPerUser: uploads + 10, maxQueued: uploads + 10 },
});
const demo = gate.demo;
if (demo === null) throw new Error('demo mode did not seed');
const line = 'Sekisho benchmark line: a plain sentence of text for the scanner, 0123456789.\n';
const body = Buffer.from(line.repeat(Math.ceil((sizeKb * 1024) / line.length))).subarray(0, sizeKb * 1024);
const upload = async (files: number): Promise<string[]> => {
  const worker = new Worker(UPLOADER, {
    eval: true,
    workerData: {
      url: gate.url,
      threadId: demo.threadId,
      token: demo.candidateToken,
      files,
      body,
      name: 'notes.txt',
    },
  });
  try {
    return await new Promise<string[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
};
// Files out of `scanning`, from the gate's own events: polling 200 rows every few ms would put
// the benchmark's work on the very loop it measures.
const settled = new Set<string>();
gate.events.subscribe(demo.threadId, (event) => {
  if (event.type !== 'message.created') settled.add(event.file.id);
});
const published = async (ids: readonly string[]): Promise<void> => {
  while (!ids.every((id) => settled.has(id))) await new Promise((r) => setTimeout(r, 50));
};

// Warm up: the first scans start the workers and compile the engine's and the server's code paths.
await published(await upload(4));
await gate.scans.idle();

const probe = new Worker(HEALTHZ_PROBE, { eval: true, workerData: { url: gate.url, stamped: true } });
await new Promise((r) => setTimeout(r, 200));
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const started = performance.now();
const cpuAtStart = loopCpuMs();
const ids = await upload(uploads);
const uploadedMs = performance.now() - started;
const uploadedAt = Date.now();
const cpuAtUploaded = loopCpuMs();
await published(ids);
const publishedMs = performance.now() - started;
const cpuAtPublished = loopCpuMs();
loop.disable();
const samples = await new Promise<[number, number][]>((resolve) => {
  probe.once('message', resolve);
  probe.postMessage('stop');
});
const sorted = (list: [number, number][]) => list.map(([, ms]) => ms).sort((a, b) => a - b);
const healthz = sorted(samples);
// A request that started before the last 202 is counted in the upload phase.
const uploading = sorted(samples.filter(([at]) => at < uploadedAt));
const publishing = sorted(samples.filter(([at]) => at >= uploadedAt));
const outcome = [...new Set(ids.map((id) => gate.app.getFile(id)?.status))].join(',');
await probe.terminate();
await gate.close();
await rm(dir, { recursive: true, force: true });

const ms = (n: number) => `${n.toFixed(1)} ms`;
const phase = (list: number[]) =>
  `${[50, 99].map((p) => percentile(list, p).toFixed(1)).join(' / ')} / ${ms(list.at(-1) ?? Number.NaN)} (${list.length} requests)`;
console.log(
  `${uploads} uploads of ${sizeKb} KiB at once from one candidate; /healthz every 10 ms from another thread; Node ${process.version}`,
);
const rows: [string, string][] = [
  ['/healthz requests', String(healthz.length)],
  ['/healthz p50', ms(percentile(healthz, 50))],
  ['/healthz p99', ms(percentile(healthz, 99))],
  ['/healthz max', ms(healthz.at(-1) ?? Number.NaN)],
  ['  while uploading: p50/p99/max', phase(uploading)],
  ['  while publishing: p50/p99/max', phase(publishing)],
  ['event-loop delay p50', ms(loop.percentile(50) / 1e6)],
  ['event-loop delay p99', ms(loop.percentile(99) / 1e6)],
  ['event-loop delay max', ms(loop.max / 1e6)],
  ['event-loop CPU while uploading', ms(cpuAtUploaded - cpuAtStart)],
  ['event-loop CPU while publishing', ms(cpuAtPublished - cpuAtUploaded)],
  ['every upload answered 202', ms(uploadedMs)],
  ['every file out of scanning', ms(publishedMs)],
  ['outcome', outcome],
];
for (const [label, value] of rows) console.log(`${label.padEnd(30)}| ${value}`);
