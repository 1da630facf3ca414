import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// better-sqlite3: reads the stopped server's app database to check every object has its row.
import Database from 'better-sqlite3';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { type RunningGate, startGate } from '../../src/runtime/gate/start-gate.js';
import { buildZip } from '../fixtures/files/build-zip.js';
import { inspectorProperties, multipartProperty } from './fuzz-inputs.js';
import { clamdHanging, webhookDown } from './outages.js';
import { type PropertyResult, runProperties } from './properties.js';

/** One row of the report. */
export interface ReliabilityRow {
  readonly case: string;
  readonly rounds: string;
  readonly result: string;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly rssMb: number;
  readonly invariants: string;
  readonly ok: boolean;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const rss = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (values: number[], p: number): number | null => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? null
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null);
};

async function uploadTo(
  base: string,
  threadId: string,
  token: string,
  bytes: Uint8Array | string,
  name: string,
) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const r = await fetch(`${base}/api/threads/${threadId}/files`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: r.status, body: (await r.json().catch(() => ({}))) as { id?: string } };
}

async function statusOf(base: string, id: string, token: string): Promise<string | null> {
  const r = await fetch(`${base}/api/files/${id}`, { headers: { authorization: `Bearer ${token}` } });
  if (r.status !== 200) return null;
  return ((await r.json()) as { status: string }).status;
}

async function waitStatus(
  base: string,
  id: string,
  token: string,
  want: (s: string | null) => boolean,
  ms: number,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = await statusOf(base, id, token);
    if (want(s)) return s;
    if (Date.now() > deadline) return s;
    await sleep(20);
  }
}

export async function tempGate(options: Partial<Parameters<typeof startGate>[0]> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-rel-'));
  const gate = (await startGate({
    dataDir: dir,
    port: 0,
    demo: true,
    env: {},
    ...options,
  })) as RunningGate & { demo: NonNullable<RunningGate['demo']> };
  return {
    gate,
    dir,
    close: async () => {
      await gate.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A 100-entry zip of 1 MiB text entries: about 100 KB on the wire, 100 MiB to inspect. */
export function expensiveZip(): Buffer {
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ';
  const text = line.repeat(Math.ceil((1024 * 1024 - 1) / line.length)).slice(0, 1024 * 1024 - 1);
  return buildZip(Array.from({ length: 100 }, (_, i) => ({ name: `notes/part-${i}.txt`, data: text })));
}

/** The flood: one candidate sends expensive zips as fast as allowed; another thread's candidate sends clean CVs. */
async function flood(short: boolean): Promise<ReliabilityRow> {
  const { gate, close } = await tempGate();
  try {
    const zip = expensiveZip();
    const { demo } = gate;
    // Warm both scan workers first (two users at once start two): the figure is fairness under
    // load, not a worker's cold start (which under tsx compiles the engine first).
    await Promise.all(
      [
        [demo.threadId, demo.candidateToken, demo.companyToken],
        [demo.second.threadId, demo.second.candidateToken, demo.second.companyToken],
      ].map(async ([threadId, token, company]) => {
        const r = await uploadTo(gate.url, threadId as string, token as string, 'warm-up\n', 'warm.txt');
        await waitStatus(gate.url, r.body.id ?? '', company as string, (x) => x === 'published', 60_000);
      }),
    );
    const flooderStatuses: number[] = [];
    let stop = false;
    const flooder = (async () => {
      const total = short ? 20 : 60;
      const sent: Promise<void>[] = [];
      for (let i = 0; i < total && !stop; i++) {
        sent.push(
          uploadTo(gate.url, demo.threadId, demo.candidateToken, zip, `big-${i}.zip`).then((r) => {
            flooderStatuses.push(r.status);
          }),
        );
        await sleep(25);
      }
      await Promise.all(sent);
    })();
    await sleep(500);
    const latencies: number[] = [];
    const victims = short ? 3 : 8;
    for (let i = 0; i < victims; i++) {
      const started = Date.now();
      const r = await uploadTo(
        gate.url,
        demo.second.threadId,
        demo.second.candidateToken,
        `Curriculum vitae ${i}\nTaro Sato\n`,
        `cv-${i}.txt`,
      );
      if (r.status !== 202 || r.body.id === undefined) {
        latencies.push(Number.POSITIVE_INFINITY);
        continue;
      }
      const s = await waitStatus(
        gate.url,
        r.body.id,
        demo.second.companyToken,
        (x) => x === 'published',
        30_000,
      );
      latencies.push(s === 'published' ? Date.now() - started : Number.POSITIVE_INFINITY);
      await sleep(700);
    }
    stop = true;
    await flooder;
    const scanMetric = await gate.ctx.metrics.registry
      .getSingleMetric('sekisho_scan_duration_seconds')
      ?.get();
    const sum =
      scanMetric?.values.find((v) => (v as { metricName?: string }).metricName?.endsWith('_sum'))?.value ?? 0;
    const count =
      scanMetric?.values.find((v) => (v as { metricName?: string }).metricName?.endsWith('_count'))?.value ??
      1;
    const scanSeconds = (sum / Math.max(1, count)).toFixed(2);
    const refused = flooderStatuses.filter((s) => s === 429).length;
    const accepted = flooderStatuses.filter((s) => s === 202).length;
    const worst = Math.max(...latencies);
    const ok = worst <= 2000 && refused > 0;
    return {
      case: 'flood: expensive zips from one candidate, CVs from another thread',
      rounds: `${flooderStatuses.length} flood uploads, ${victims} CVs`,
      result: `CV upload→published ${latencies.map((l) => (Number.isFinite(l) ? l : '∞')).join('/')} ms (worst ${Number.isFinite(worst) ? worst : '∞'}); flooder ${accepted}×202, ${refused}×429; mean scan ${scanSeconds} s`,
      p50Ms: pct(latencies, 50),
      p99Ms: pct(latencies, 99),
      rssMb: rss(),
      invariants: 'CV published ≤ 2 s; flooder told 429',
      ok,
    };
  } finally {
    await close();
  }
}

/** The poison zip: hundreds of long-named programs; must end blocked quickly with a summary. */
export async function poison(): Promise<ReliabilityRow> {
  const { gate, close } = await tempGate();
  try {
    const zip = buildZip(
      Array.from({ length: 900 }, (_, i) => ({
        name: `${'very-long-directory-name/'.repeat(8)}program-${i}.exe`,
        data: `MZ\x90\x00${'x'.repeat(100)}`,
      })),
    );
    const started = Date.now();
    const r = await uploadTo(gate.url, gate.demo.threadId, gate.demo.candidateToken, zip, 'many.zip');
    const id = r.body.id ?? '';
    const s = await waitStatus(
      gate.url,
      id,
      gate.demo.candidateToken,
      (x) => x !== 'scanning' && x !== null,
      60_000,
    );
    const ms = Date.now() - started;
    const view = (await (
      await fetch(`${gate.url}/api/files/${id}`, {
        headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
      })
    ).json()) as { verdict?: { findings: { rule: string; detail: string }[] } };
    const summary = view.verdict?.findings.at(-1)?.detail ?? '';
    const stored = await gate.verdicts.get(id);
    const bytes = Buffer.byteLength(JSON.stringify(stored?.verdict ?? {}));
    return {
      case: 'poison: zip of 900 long-named programs (a 290 KB verdict unbounded)',
      rounds: '1',
      result: `${s} in ${ms} ms; verdict ${bytes} B; "${summary.slice(0, 60)}"`,
      p50Ms: ms,
      p99Ms: ms,
      rssMb: rss(),
      invariants: 'ends blocked; verdict ≤ 32 KiB; summary counts per rule',
      ok: s === 'blocked' && bytes <= 32 * 1024 && /900 (findings )?in all/.test(summary),
    };
  } finally {
    await close();
  }
}

/** An outage: clamd configured but down. Every file must fail closed, none published. */
export async function clamdDown(): Promise<ReliabilityRow> {
  const port = await freePort();
  const { gate, close } = await tempGate({ clamd: `tcp://127.0.0.1:${port}` });
  try {
    const times: number[] = [];
    const states: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const r = await uploadTo(
        gate.url,
        gate.demo.threadId,
        gate.demo.candidateToken,
        `cv ${i}\n`,
        `cv-${i}.txt`,
      );
      states.push(
        await waitStatus(
          gate.url,
          r.body.id ?? '',
          gate.demo.candidateToken,
          (x) => x !== 'scanning',
          60_000,
        ),
      );
      times.push(Date.now() - started);
    }
    return {
      case: 'outage: clamd down',
      rounds: '3 uploads',
      result: `states ${[...new Set(states)].join(', ')}`,
      p50Ms: pct(times, 50),
      p99Ms: pct(times, 99),
      rssMb: rss(),
      invariants: 'fails closed (never published), never stuck scanning',
      ok: states.every((s) => s === 'failed'),
    };
  } finally {
    await close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function childRssMb(child: ChildProcess): Promise<number> {
  return readFile(`/proc/${child.pid}/status`, 'utf8').then(
    (t) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(t)?.[1] ?? 0) / 1024),
    () => 0,
  );
}

/** The parsed `demo.json` of a data directory, or null while it is missing or half written. */
async function demoOf(dir: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'demo.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Resolves when `child` has exited, even if it already had (`once('exit')` alone would wait forever). */
const exitOf = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

async function startChild(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/runtime/cli/entry.ts'),
      'serve',
      '--demo',
      '--data',
      dir,
      '--port',
      String(port),
    ],
    { cwd: ROOT, stdio: 'ignore', env: { ...process.env } },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      // demo.json is written after the server listens (and not atomically): wait until it parses.
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok && (await demoOf(dir)) !== null) return child;
    } catch {}
    if (Date.now() > deadline) throw new Error('the server did not start');
    await sleep(100);
  }
}

/** Crash rounds: SIGKILL the server at a random moment under upload load, restart on the same data. */
export async function crashRounds(rounds: number): Promise<ReliabilityRow> {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-crash-'));
  const port = await freePort();
  const accepted: string[] = [];
  let survived = 0;
  let peakRss = 0;
  const restartMs: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const child = await startChild(dir, port);
      const demo = (await demoOf(dir)) as unknown as {
        threadId: string;
        candidateToken: string;
        second: { threadId: string; candidateToken: string };
      };
      let load = true;
      const loop = async (threadId: string, token: string) => {
        for (let i = 0; load; i++) {
          try {
            const r = await uploadTo(
              `http://127.0.0.1:${port}`,
              threadId,
              token,
              `round ${round} file ${i}\n`,
              `f-${round}-${i}.txt`,
            );
            if (r.status === 202 && r.body.id) accepted.push(r.body.id);
          } catch {}
          await sleep(30);
        }
      };
      const loops = [
        loop(demo.threadId, demo.candidateToken),
        loop(demo.second.threadId, demo.second.candidateToken),
      ];
      await sleep(300 + Math.floor(Math.random() * 1200));
      peakRss = Math.max(peakRss, await childRssMb(child));
      const exited = exitOf(child);
      child.kill('SIGKILL');
      load = false;
      await Promise.all(loops);
      await exited;
      survived++;
    }
    const started = Date.now();
    const child = await startChild(dir, port);
    restartMs.push(Date.now() - started);
    const demo = (await demoOf(dir)) as unknown as {
      candidateToken: string;
      second: { candidateToken: string };
    };
    const tokens = [demo.candidateToken, demo.second.candidateToken];
    let lost = 0;
    let stuck = 0;
    const base = `http://127.0.0.1:${port}`;
    for (const id of accepted) {
      let s: string | null = null;
      for (const token of tokens) {
        if ((await statusOf(base, id, token)) === null) continue;
        // Recovery re-queues what the crash interrupted; give it time on a busy machine.
        s = await waitStatus(base, id, token, (x) => x !== 'scanning', 60_000);
        break;
      }
      if (s === null) lost++;
      else if (s === 'scanning') stuck++;
    }
    const exited = exitOf(child);
    child.kill('SIGTERM');
    await exited;
    const objects = (await readdir(join(dir, 'objects', 'quarantine')).catch(() => [])).filter(
      (n) => !n.endsWith('.part'),
    );
    const db = new Database(join(dir, 'app.sqlite'), { readonly: true });
    const rows = new Set((db.prepare('SELECT id FROM files').all() as { id: string }[]).map((r) => r.id));
    db.close();
    const orphans = objects.filter((key) => !rows.has(key)).length;
    return {
      case: 'crash rounds: SIGKILL under upload load, restart on the same data',
      rounds: `${survived}/${rounds} rounds, ${accepted.length} accepted uploads`,
      result: `lost ${lost}, stuck scanning ${stuck}, orphaned objects ${orphans} (of ${objects.length})`,
      p50Ms: pct(restartMs, 50),
      p99Ms: pct(restartMs, 99),
      rssMb: peakRss,
      invariants: 'no accepted upload lost; none left scanning; no object without a row',
      ok: lost === 0 && stuck === 0 && orphans === 0,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function properties(runs: number): Promise<ReliabilityRow[]> {
  const { gate, close } = await tempGate({ release: 'poll', pollIntervalMs: 3_600_000 });
  try {
    const uploader = gate.app.userByToken(gate.demo.candidateToken)?.id ?? '';
    const results: PropertyResult[] = [
      ...(await runProperties(gate, gate.demo.threadId, uploader, runs)),
      ...(await Promise.all(inspectorProperties(createBuiltinScanner(), runs * 2))),
      await fuzzMultipart(runs),
    ];
    return results.map((r) => ({
      case: `property: ${r.name}`,
      rounds: `${r.inputs} inputs`,
      result: r.failure ?? 'held',
      p50Ms: null,
      p99Ms: null,
      rssMb: rss(),
      invariants: r.invariants.join('; '),
      ok: r.failure === null,
    }));
  } finally {
    await close();
  }
}

/** The multipart fuzz, on a gate of its own without upload limits (a 429 before the body is read tests nothing). */
async function fuzzMultipart(runs: number): Promise<PropertyResult> {
  const { gate, close } = await tempGate({
    uploadLimits: null,
    scanQueue: { maxQueuedPerUser: 10_000, maxQueued: 10_000 },
  });
  try {
    return await multipartProperty(gate, runs);
  } finally {
    await close();
  }
}

/**
 * Disk full: the quarantine on a 2 MiB tmpfs (needs root to mount; reported as not run otherwise).
 * A 3 MiB upload must get 503 STORAGE_FULL with Retry-After and leave nothing; a small one right
 * after must succeed, with no restart.
 */
async function diskFull(): Promise<ReliabilityRow> {
  const base = {
    case: 'outage: disk full (quarantine on a 2 MiB tmpfs)',
    p50Ms: null,
    p99Ms: null,
    rssMb: rss(),
    invariants: '503 STORAGE_FULL + Retry-After; nothing left; recovers by itself',
  };
  if (process.getuid?.() !== 0)
    return { ...base, rounds: '0', result: 'not run: mounting a tmpfs needs root', ok: true };
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-full-'));
  const objects = join(dir, 'objects');
  await mkdir(objects);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', objects]);
  try {
    const gate = (await startGate({ dataDir: dir, port: 0, demo: true, env: {} })) as RunningGate & {
      demo: NonNullable<RunningGate['demo']>;
    };
    try {
      const big = await fetchUpload(gate, new Uint8Array(3 * 1024 * 1024).fill(0x41));
      const left = (await readdir(join(objects, 'quarantine'))).length;
      const small = await fetchUpload(gate, 'a small CV\n');
      const ok =
        big.status === 503 &&
        big.code === 'STORAGE_FULL' &&
        big.retryAfter !== null &&
        left === 0 &&
        small.status === 202;
      return {
        ...base,
        rounds: '2 uploads',
        result: `big: ${big.status} ${big.code} Retry-After ${big.retryAfter}; files left ${left}; then small: ${small.status}`,
        ok,
      };
    } finally {
      await gate.close();
    }
  } finally {
    execFileSync('umount', [objects]);
    await rm(dir, { recursive: true, force: true });
  }
}

async function fetchUpload(
  gate: RunningGate & { demo: NonNullable<RunningGate['demo']> },
  bytes: Uint8Array | string,
) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'f.bin');
  const r = await fetch(`${gate.url}/api/threads/${gate.demo.threadId}/files`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
  });
  const body = (await r.json().catch(() => ({}))) as { error?: { code?: string } };
  return { status: r.status, code: body.error?.code ?? null, retryAfter: r.headers.get('retry-after') };
}

/** Runs the suite; `short` is what CI runs inside `npm test`. */
export async function runReliability(short: boolean): Promise<ReliabilityRow[]> {
  const rows: ReliabilityRow[] = [];
  const add = (row: ReliabilityRow) => {
    rows.push(row);
    process.stderr.write(`${row.ok ? 'held' : 'FAILED'}: ${row.case}: ${row.result}\n`);
  };
  for (const row of await properties(short ? 50 : 500)) add(row);
  add(await poison());
  add(await clamdDown());
  add(await clamdHanging(tempGate));
  add(await webhookDown(tempGate, short));
  add(await diskFull());
  add(await flood(short));
  add(await crashRounds(short ? 1 : 5));
  return rows;
}

/** The report as one Markdown table. */
export function formatTable(rows: readonly ReliabilityRow[]): string {
  const cell = (v: number | null) => (v === null ? '–' : String(Math.round(v)));
  return [
    '| case | rounds / inputs | result | p50 ms | p99 ms | RSS MB | invariants checked | held |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.case} | ${r.rounds} | ${r.result.replace(/\|/g, '\\|')} | ${cell(r.p50Ms)} | ${cell(r.p99Ms)} | ${r.rssMb} | ${r.invariants} | ${r.ok ? 'yes' : 'NO'} |`,
    ),
  ].join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const short = process.argv.includes('--short');
  const rows = await runReliability(short);
  process.stdout.write(`${formatTable(rows)}\n`);
  process.exit(rows.every((r) => r.ok) ? 0 : 1);
}
