// Client code the benchmarks run in worker threads, so that the client side never runs on the
// event loop of the server they measure.

/**
 * CommonJS for an eval'd worker: GETs `workerData.url`/healthz every 10 ms; on any message, stops
 * and posts the latencies (ms). With `workerData.stamped`, posts `[startedAt (epoch ms), ms]` pairs.
 */
export const HEALTHZ_PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const times = [];
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  while (!stop) {
    const at = Date.now();
    const t0 = performance.now();
    const response = await fetch(workerData.url + '/healthz');
    await response.arrayBuffer();
    const ms = performance.now() - t0;
    times.push(workerData.stamped ? [at, ms] : ms);
    await new Promise((r) => setTimeout(r, 10));
  }
  parentPort.postMessage(times);
})();
`;

/**
 * CommonJS for an eval'd worker: uploads `workerData.files` copies of `workerData.body` at once to
 * the thread as `workerData.token`; posts the file ids, or fails on any answer but 202.
 */
export const UPLOADER = `
const { parentPort, workerData } = require('node:worker_threads');
const body = Buffer.from(workerData.body);
(async () => {
  const ids = await Promise.all(Array.from({ length: workerData.files }, async (_, i) => {
    const form = new FormData();
    form.append('file', new Blob([body]), i + '-' + workerData.name);
    const response = await fetch(workerData.url + '/api/threads/' + workerData.threadId + '/files', {
      method: 'POST', body: form, headers: { authorization: 'Bearer ' + workerData.token },
    });
    if (response.status !== 202) throw new Error('upload answered ' + response.status + ': ' + (await response.text()));
    return (await response.json()).id;
  }));
  parentPort.postMessage(ids);
})();
`;

/** The p-th percentile of an ascending array (nearest rank); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}
