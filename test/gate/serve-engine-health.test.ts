import { afterEach, describe, expect, it } from 'vitest';
import { capturingLogger, type LogLine } from '../support/capturing-logger.js';
import { refusedAddress, type SilentSocket, startSilentSocket } from '../support/silent-socket.js';
import { get, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the real gate with `--clamd address` and a logger whose lines the test reads. */
async function gateWithClamdAt(address: string) {
  const data = await tempDataDir();
  cleanups.push(data.cleanup);
  const lines: LogLine[] = [];
  const started = Date.now();
  const gate = await startTestGate(data.dir, { clamd: address, logger: capturingLogger(lines) });
  cleanups.push(() => gate.close());
  return { gate, lines, startMs: Date.now() - started };
}

/** What `/healthz` and the ops page say about clamd, and what became of an upload meanwhile. */
async function whatTheGateSays(gate: Awaited<ReturnType<typeof gateWithClamdAt>>['gate']) {
  const health = await fetch(`${gate.url}/healthz`);
  const summary = (await (await get(gate.url, '/api/ops/summary', gate.demo.operatorToken)).json()) as {
    engines: { engine: string; up: boolean; problem: string | null }[];
  };
  const created = (await (
    await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, 'Hanako Yamada, CV\n')
  ).json()) as { id: string };
  const file = await settledFile(gate.url, created.id, gate.demo.candidateToken, 60_000);
  return {
    status: health.status,
    body: (await health.json()) as { ok: boolean; engines?: { engine: string; problem: string }[] },
    clamav: summary.engines.find((e) => e.engine === 'clamav'),
    builtin: summary.engines.find((e) => e.engine === 'builtin'),
    fileStatus: file.status,
  };
}

describe('sekisho serve --clamd at a clamd that does not answer', () => {
  it('starts with clamav marked down when the socket accepts but never answers, and says so everywhere', async () => {
    const silent: SilentSocket = await startSilentSocket();
    cleanups.push(() => silent.close());
    const { gate, lines, startMs } = await gateWithClamdAt(silent.address);
    // The start-up check gives up after its own 3 s timeout, not clamd's 30 s scan timeout.
    expect(startMs).toBeLessThan(15_000);
    const warning = lines.find((l) => l.level === 'warn' && l.obj.engine === 'clamav');
    expect(warning?.msg).toMatch(
      /clamav at tcp:\/\/127\.0\.0\.1:\d+ is down: .*did not answer within 3000 ms/,
    );
    expect(warning?.msg).toMatch(/fails closed/);

    const said = await whatTheGateSays(gate);
    expect(said.status).toBe(503);
    expect(said.body.ok).toBe(false);
    expect(said.body.engines?.[0]?.engine).toBe('clamav');
    expect(said.body.engines?.[0]?.problem).toMatch(/did not answer/);
    expect(said.clamav).toMatchObject({ up: false, problem: expect.stringMatching(/did not answer/) });
    expect(said.builtin).toMatchObject({ up: true, problem: null });
    // Fails closed: the built-in engine alone never publishes while clamd is down.
    expect(said.fileStatus).toBe('failed');
  }, 90_000);

  it('starts with clamav marked down when the connection is refused', async () => {
    const { gate, lines } = await gateWithClamdAt(await refusedAddress());
    expect(lines.some((l) => l.level === 'warn' && /ECONNREFUSED/.test(l.msg))).toBe(true);
    const said = await whatTheGateSays(gate);
    expect(said.status).toBe(503);
    expect(said.body.engines?.[0]?.problem).toMatch(
      /not reachable at tcp:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    expect(said.clamav?.up).toBe(false);
    expect(said.fileStatus).toBe('failed');
  }, 90_000);

  it('starts with clamav marked down when its unix socket does not exist', async () => {
    const { gate } = await gateWithClamdAt('unix:/nonexistent/sekisho-test/clamd.ctl');
    const health = await fetch(`${gate.url}/healthz`);
    expect(health.status).toBe(503);
    expect(JSON.stringify(await health.json())).toMatch(/not reachable at unix:\/nonexistent.*ENOENT/);
  });
});
