import type { GateOptions, RunningGate } from '../../src/runtime/gate/start-gate.js';
import { startFlakyWebApp } from '../support/flaky-web-app.js';
import { startSilentSocket } from '../support/silent-socket.js';
import type { ReliabilityRow } from './run-reliability.js';

type DemoGate = RunningGate & { demo: NonNullable<RunningGate['demo']> };
/** Starts a demo gate on a temporary data directory; `close` stops it and deletes the directory. */
type TempGate = (options?: Partial<GateOptions>) => Promise<{ gate: DemoGate; close: () => Promise<void> }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rss = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);
const tcpHandles = (): number =>
  process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPWRAP').length;

async function upload(gate: DemoGate, name: string): Promise<string | null> {
  const form = new FormData();
  form.append('file', new Blob([`${name}: a CV\n`]), name);
  const r = await fetch(`${gate.url}/api/threads/${gate.demo.threadId}/files`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
  });
  return r.status === 202 ? ((await r.json()) as { id: string }).id : null;
}

/**
 * The web app down: its receiver answers 503 for a while, then refuses connections, then comes
 * back. Uploads keep coming meanwhile. Retries and the dead letters (replayed once it is back)
 * must deliver every verdict: every file published, each announced once, no dead letter left,
 * and no socket left open once the gate and the web app are closed.
 */
export async function webhookDown(tempGate: TempGate, short: boolean): Promise<ReliabilityRow> {
  const baseline = tcpHandles();
  let gateUrl = '';
  const webApp = await startFlakyWebApp(() => gateUrl);
  const { gate, close } = await tempGate({
    webhookUrl: `${webApp.url}/api/webhooks/verdicts`,
    dispatcher: { maximumRetryAttempts: 2, retryBaseDelayMs: 50, retryMaxDelayMs: 200 },
  });
  gateUrl = gate.url;
  const announced = new Map<string, number>();
  const unsubscribe = gate.events.subscribe(gate.demo.threadId, (event) => {
    if (event.type === 'file.published')
      announced.set(event.file.id, (announced.get(event.file.id) ?? 0) + 1);
  });
  const started = Date.now();
  try {
    const perPhase = short ? 2 : 5;
    const ids: (string | null)[] = [];
    for (const mode of ['503', 'refused'] as const) {
      await webApp.set(mode);
      for (let i = 0; i < perPhase; i++) ids.push(await upload(gate, `cv-${mode}-${i}.txt`));
      await sleep(1500);
    }
    const deadDuring = (await gate.deadLetters.list()).length;
    await webApp.set('up');
    // Back: what the retries did not deliver waits in the dead letters; replay them all.
    for (const letter of await gate.deadLetters.list()) await gate.ctx.deadLetters.replay(letter.id);
    const deadline = Date.now() + 30_000;
    const published = () => ids.filter((id) => id !== null && gate.app.getFile(id)?.status === 'published');
    while (published().length < ids.length && Date.now() < deadline) await sleep(50);
    const ms = Date.now() - started;
    await sleep(300); // a second announcement, if any, would arrive now
    const left = (await gate.deadLetters.list()).length;
    const twice = [...announced.values()].filter((n) => n > 1).length;
    const done = published().length;
    const during = tcpHandles();
    // Every socket the outage and the recovery opened is closed with the gate and the web app:
    // idle keep-alive ones may stay open while they run, a leaked one would not close here.
    unsubscribe();
    await close();
    await webApp.close();
    await sleep(100);
    const handles = tcpHandles();
    const ok =
      ids.every((id) => id !== null) &&
      done === ids.length &&
      twice === 0 &&
      left === 0 &&
      handles <= baseline;
    return {
      case: 'outage: webhook receiver down (503, then connection refused), then back',
      rounds: `${ids.length} uploads`,
      result: `${done}/${ids.length} published; dead letters ${deadDuring} during, ${left} after replay; announced twice ${twice}; TCP sockets ${baseline} before, ${during} idle after, ${handles} after shutdown`,
      p50Ms: ms,
      p99Ms: ms,
      rssMb: rss(),
      invariants:
        'nothing lost (every file published); each announced once; no dead letter left; no socket left open after shutdown',
      ok,
    };
  } finally {
    unsubscribe();
    await close();
    await webApp.close();
  }
}

/**
 * clamd hanging: a TCP server that accepts and never answers. Every scan must end (not hang)
 * within its retries' timeouts, failed closed; nothing published; `/healthz` says clamav is down.
 */
export async function clamdHanging(tempGate: TempGate): Promise<ReliabilityRow> {
  const silent = await startSilentSocket();
  const timeoutMs = 1500;
  const { gate, close } = await tempGate({ clamd: silent.address, clamdTimeoutMs: timeoutMs });
  try {
    const started = Date.now();
    const ids = await Promise.all([upload(gate, 'cv-a.txt'), upload(gate, 'cv-b.txt')]);
    const times: number[] = [];
    const states: string[] = [];
    for (const id of ids) {
      const deadline = Date.now() + 60_000;
      let state = id === null ? 'refused' : (gate.app.getFile(id)?.status ?? 'missing');
      while (state === 'scanning' && Date.now() < deadline) {
        await sleep(50);
        state = gate.app.getFile(id as string)?.status ?? 'missing';
      }
      states.push(state);
      times.push(Date.now() - started);
    }
    const health = await fetch(`${gate.url}/healthz`);
    const healthBody = (await health.json()) as { engines?: { engine: string; up: boolean }[] };
    const down = health.status === 503 && healthBody.engines?.some((e) => e.engine === 'clamav' && !e.up);
    const verdicts = await Promise.all(ids.map((id) => gate.verdicts.get(id ?? '')));
    const ok =
      states.every((s) => s === 'failed') && verdicts.every((v) => v?.verdict.kind === 'error') && !!down;
    return {
      case: 'outage: clamd hanging (accepts, never answers; 1.5 s timeout)',
      rounds: `${ids.length} uploads`,
      result: `states ${[...new Set(states)].join(', ')}; verdicts ${[...new Set(verdicts.map((v) => v?.verdict.kind))].join(', ')}; /healthz ${health.status}${down ? ' clamav down' : ''}`,
      p50Ms: Math.min(...times),
      p99Ms: Math.max(...times),
      rssMb: rss(),
      invariants:
        'every scan ends within its retries (failed closed, never published); /healthz reports clamav down',
      ok,
    };
  } finally {
    await close();
    await silent.close();
  }
}
