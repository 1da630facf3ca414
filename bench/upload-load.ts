// Upload → published under load, with the server in its own process so that its CPU and memory
// are its own: 1 MB uploads at 20/s for 60 s (`--seconds N` shortens it), timed from the start of
// each upload to the company receiving `file.published` over SSE. Then the server's CPU while idle
// for 5 s, its peak RSS, and its RSS through one streamed 1 GB upload (limit raised to 2 GB).
//
//   node --import tsx bench/upload-load.ts [--seconds 60] [--rate 20] [--size 1MB] [--skip-1gb]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '20' },
    size: { type: 'string', default: '1048576' },
    'skip-1gb': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const size = Number(values.size);
const TICKS = 100; // USER_HZ on Linux

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function procStat(pid: number): Promise<{ cpuSeconds: number; rssMb: number; hwmMb: number }> {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  const cpuSeconds = (Number(stat[11]) + Number(stat[12])) / TICKS;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuSeconds, rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

async function startServer(dataDir: string, extra: string[]) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/runtime/cli/entry.ts',
      'serve',
      '--port',
      '0',
      '--data',
      dataDir,
      '--demo',
      // One candidate sends every upload here: lift the per-user rate limit, which would answer 429.
      '--user-upload-rate',
      '0',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /sekisho serve: (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const demo = JSON.parse(await readFile(join(dataDir, 'demo.json'), 'utf8')) as {
    threadId: string;
    candidateToken: string;
    companyToken: string;
  };
  return {
    url,
    demo,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Listens to the thread's SSE stream as the company; resolves publish times by file id. */
async function companyEvents(url: string, threadId: string, token: string) {
  const published = new Map<string, number>();
  const controller = new AbortController();
  const response = await fetch(`${url}/api/threads/${threadId}/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reader = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream())
    .getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes('event: file.published')) continue;
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) published.set((JSON.parse(data) as { id: string }).id, performance.now());
        }
      }
    } catch {
      // closed
    }
  })();
  return { published, close: () => controller.abort() };
}

async function loadPhase(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-load-'));
  const server = await startServer(dir, []);
  try {
    const events = await companyEvents(server.url, server.demo.threadId, server.demo.companyToken);
    const body = new Uint8Array(size).fill(0x61); // 'a' × size: plain text, allowed, clean
    for (let i = 0; i < size; i += 80) body[i] = 0x0a;
    const started = new Map<string, number>();
    const total = seconds * rate;
    let peakRss = 0;
    const sampler = setInterval(async () => {
      peakRss = Math.max(peakRss, (await procStat(server.pid)).rssMb);
    }, 100);
    // Two seconds at the same rate first, not counted: JIT and connection warm-up.
    const warmupEnd = performance.now() + 2000;
    for (let i = 0; performance.now() < warmupEnd; i++) {
      const form = new FormData();
      form.append('file', new Blob([body]), `warmup-${i}.txt`);
      await fetch(`${server.url}/api/threads/${server.demo.threadId}/files`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${server.demo.candidateToken}` },
      });
      await new Promise((r) => setTimeout(r, 1000 / rate));
    }
    const loadStart = await procStat(server.pid);
    const t0 = performance.now();
    const uploads: Promise<void>[] = [];
    const failures: string[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      uploads.push(
        (async () => {
          const begin = performance.now();
          const form = new FormData();
          form.append('file', new Blob([body]), `load-${i}.txt`);
          const response = await fetch(`${server.url}/api/threads/${server.demo.threadId}/files`, {
            method: 'POST',
            body: form,
            headers: { authorization: `Bearer ${server.demo.candidateToken}` },
          });
          if (response.status !== 202) failures.push(`${response.status}`);
          else started.set(((await response.json()) as { id: string }).id, begin);
        })(),
      );
    }
    await Promise.all(uploads);
    const deadline = performance.now() + 30_000;
    while ([...started.keys()].some((id) => !events.published.has(id)) && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const offered = (performance.now() - t0) / 1000;
    const loadEnd = await procStat(server.pid);
    const metricsText = await (await fetch(`${server.url}/metrics`)).text();
    const meanMs = (name: string): string => {
      const sum = Number(new RegExp(`^${name}_sum (\\S+)$`, 'm').exec(metricsText)?.[1]);
      const count = Number(new RegExp(`^${name}_count (\\S+)$`, 'm').exec(metricsText)?.[1]);
      return `${((sum / count) * 1000).toFixed(1)} ms`;
    };
    const loadCpu = ((loadEnd.cpuSeconds - loadStart.cpuSeconds) / offered) * 100;
    const summary = (await (
      await fetch(`${server.url}/api/ops/summary`, {
        headers: { authorization: `Bearer ${server.demo.candidateToken}` },
      })
    ).json()) as { latency: { uploadToPublished: { p50: number; p99: number } } };
    const latencies = [...started].map(([id, begin]) => (events.published.get(id) ?? Number.NaN) - begin);
    const missing = latencies.filter(Number.isNaN).length;
    const sorted = latencies.filter((n) => !Number.isNaN(n)).sort((a, b) => a - b);
    events.close();

    const idleStart = await procStat(server.pid);
    await new Promise((r) => setTimeout(r, 5000));
    const idleEnd = await procStat(server.pid);
    clearInterval(sampler);
    const idleCpu = ((idleEnd.cpuSeconds - idleStart.cpuSeconds) / 5) * 100;

    console.log(
      `upload-load: ${total} uploads of ${(size / 1048576).toFixed(1)} MB at ${rate}/s for ${seconds} s (took ${offered.toFixed(1)} s)`,
    );
    console.log(['metric', 'value'].map((c) => c.padEnd(40)).join(''));
    for (const [name, value] of [
      ['upload→published p50', `${percentile(sorted, 50).toFixed(1)} ms`],
      ['upload→published p99', `${percentile(sorted, 99).toFixed(1)} ms  (target < 150 ms)`],
      ['upload→published max', `${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms`],
      [
        'server-side upload→published p50/p99',
        `${summary.latency.uploadToPublished.p50} / ${summary.latency.uploadToPublished.p99} ms (file row → publish)`,
      ],
      ['server mean upload→verdict', meanMs('sekisho_upload_to_verdict_seconds')],
      ['server mean verdict→published', meanMs('sekisho_verdict_to_published_seconds')],
      [
        'server CPU during the load',
        `${loadCpu.toFixed(0)} % of one core (${(loadEnd.cpuSeconds - loadStart.cpuSeconds).toFixed(1)} s)`,
      ],
      [
        'published / uploaded',
        `${sorted.length} / ${started.size}${missing ? ` (${missing} not published)` : ''}`,
      ],
      ['failed uploads', String(failures.length)],
      ['server CPU idle, 5 s after', `${idleCpu.toFixed(2)} % of one core`],
      ['server peak RSS (sampled / VmHWM)', `${peakRss.toFixed(0)} MB / ${idleEnd.hwmMb.toFixed(0)} MB`],
    ])
      console.log(`${(name as string).padEnd(40)}${value}`);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** One 1 GB upload streamed from a generator, with the server's RSS sampled throughout. */
async function gigabytePhase(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-1gb-'));
  const server = await startServer(dir, ['--max-upload', '2GB']);
  try {
    const before = await procStat(server.pid);
    const samples: number[] = [];
    const sampler = setInterval(async () => samples.push((await procStat(server.pid)).rssMb), 100);
    const boundary = 'sekishoBenchBoundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const chunk = new Uint8Array(1024 * 1024).fill(0x62);
    const total = 1024;
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(head));
      },
      pull(controller) {
        if (sent < total) {
          controller.enqueue(chunk);
          sent++;
        } else {
          controller.enqueue(new TextEncoder().encode(tail));
          controller.close();
        }
      },
    });
    const t0 = performance.now();
    const response = await fetch(`${server.url}/api/threads/${server.demo.threadId}/files`, {
      method: 'POST',
      body: stream,
      // Node's fetch needs duplex 'half' to stream a request body.
      duplex: 'half',
      headers: {
        authorization: `Bearer ${server.demo.candidateToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    const seconds1gb = (performance.now() - t0) / 1000;
    const answer = (await response.json()) as { size?: number; error?: unknown };
    await new Promise((r) => setTimeout(r, 500));
    clearInterval(sampler);
    const after = await procStat(server.pid);
    console.log('');
    console.log(
      `1 GB streamed upload: status ${response.status}, stored ${answer.size ?? '?'} bytes in ${seconds1gb.toFixed(1)} s (${(1024 / seconds1gb).toFixed(0)} MB/s)`,
    );
    console.log(`${'server RSS before'.padEnd(40)}${before.rssMb.toFixed(0)} MB`);
    console.log(`${'server RSS max during upload'.padEnd(40)}${Math.max(...samples).toFixed(0)} MB`);
    console.log(
      `${'server RSS after'.padEnd(40)}${after.rssMb.toFixed(0)} MB (VmHWM ${after.hwmMb.toFixed(0)} MB)`,
    );
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await loadPhase();
if (!values['skip-1gb']) await gigabytePhase();
