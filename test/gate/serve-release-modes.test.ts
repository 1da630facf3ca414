import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createFsObjectStore } from '../../src/adapters/fs/object-store.js';
import { openAppStore } from '../../src/adapters/sqlite/app-store.js';
import { dlqCommand } from '../../src/runtime/cli/commands/dlq.js';
import { runCli } from '../../src/runtime/cli/main.js';
import { systemClock } from '../../src/shared/clock.js';
import { startFlakyProxy } from './support/flaky-proxy.js';
import { eventually, get, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function uploadText(gate: Awaited<ReturnType<typeof startTestGate>>, text: string): Promise<string> {
  const response = await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, text);
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

async function cli(argv: string[], cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const code = await runCli(argv, { stdout, stderr, env: {}, cwd }, [dlqCommand]);
  return { code, out, err };
}

/** How many times the web app recorded publishing each file (from its own receipts). */
function publications(dataDir: string): Map<string, number> {
  const db = new Database(join(dataDir, 'app.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare(
        "SELECT file_id AS fileId, COUNT(*) AS n FROM webhook_receipts WHERE outcome = 'published' GROUP BY file_id",
      )
      .all() as { fileId: string; n: number }[];
    return new Map(rows.map((r) => [r.fileId, r.n]));
  } finally {
    db.close();
  }
}

describe('sekisho serve: release modes, restarts and dead letters', () => {
  it('publishes with --release poll from the periodic query, and not before the poll runs', async () => {
    const data = await tempDataDir();
    cleanups.push(data.cleanup);
    // The real per-minute interval: no poll runs during the test unless the test runs one, so
    // "not before the poll" does not depend on how fast this machine is.
    const gate = await startTestGate(data.dir, { release: 'poll', pollIntervalMs: 60_000 });
    cleanups.push(() => gate.close());
    const id = await uploadText(gate, 'poll me\n');
    await eventually(async () => (await gate.verdicts.get(id)) ?? undefined);
    // The verdict is written, but until the next poll the company sees nothing.
    expect((await get(gate.url, `/api/files/${id}`, gate.demo.companyToken)).status).toBe(404);
    if (gate.poller === null) throw new Error('poll mode started no poller');
    expect(await gate.poller.tick()).toBe(1);
    const view = await settledFile(gate.url, id, gate.demo.companyToken, 5_000);
    expect(view.status).toBe('published');
  });

  it('runs the poll on its interval without being asked', async () => {
    const data = await tempDataDir();
    cleanups.push(data.cleanup);
    const gate = await startTestGate(data.dir, { release: 'poll', pollIntervalMs: 300 });
    cleanups.push(() => gate.close());
    const id = await uploadText(gate, 'poll me on time\n');
    const view = await settledFile(gate.url, id, gate.demo.companyToken, 10_000);
    expect(view.status).toBe('published');
  });

  it('loses nothing and publishes nothing twice across a restart in the middle of the stream', async () => {
    const data = await tempDataDir();
    cleanups.push(data.cleanup);
    const proxy = await startFlakyProxy();
    cleanups.push(proxy.close);
    // The web app accepts the first three webhooks, then is unavailable until the restart.
    proxy.state.failWhen = (n) => n >= 3;
    const first = await startTestGate(data.dir, {
      webhookUrl: proxy.url,
      dispatcher: { maximumRetryAttempts: -1, retryBaseDelayMs: 20, retryMaxDelayMs: 50, batchSize: 2 },
      drainTimeoutMs: 300,
    });
    proxy.state.target = `${first.url}/api/webhooks/verdicts`;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await uploadText(first, `file number ${i}\n`));
    await first.scans.idle();
    await eventually(() => (proxy.state.refused >= 3 ? true : undefined));
    await first.close();
    const before = publications(data.dir);
    expect(before.size).toBeGreaterThan(0);
    expect(before.size).toBeLessThan(ids.length);

    const second = await startTestGate(data.dir, {});
    cleanups.push(() => second.close());
    for (const id of ids)
      expect((await settledFile(second.url, id, second.demo.companyToken)).status).toBe('published');
    await second.dispatcher?.drain();
    const after = publications(data.dir);
    expect([...after.keys()].sort()).toEqual([...ids].sort());
    expect([...after.values()].every((n) => n === 1)).toBe(true);
  });

  it('dead-letters a verdict the web app kept refusing, and `sekisho dlq replay` publishes it later', async () => {
    const data = await tempDataDir();
    cleanups.push(data.cleanup);
    const proxy = await startFlakyProxy();
    cleanups.push(proxy.close);
    proxy.state.down = true;
    const options = {
      webhookUrl: proxy.url,
      dispatcher: { maximumRetryAttempts: 2, retryBaseDelayMs: 10, retryMaxDelayMs: 20 },
    };
    const gate = await startTestGate(data.dir, options);
    proxy.state.target = `${gate.url}/api/webhooks/verdicts`;
    const id = await uploadText(gate, 'a CV while the web app is down\n');
    await eventually(async () => ((await gate.deadLetters.count()) === 1 ? true : undefined));
    expect(proxy.state.refused).toBe(3);
    expect((await get(gate.url, `/api/files/${id}`, gate.demo.companyToken)).status).toBe(404);

    const listed = await cli(['dlq', 'list', '--data', data.dir, '--format', 'json'], data.dir);
    expect(listed.code).toBe(0);
    const entries = JSON.parse(listed.out) as { id: string; fileIds: string[]; attempts: number }[];
    expect(entries).toHaveLength(1);
    expect(entries[0]?.fileIds).toEqual([id]);
    await gate.close();

    // The server is gone: the replay fails clearly and the entry stays.
    const unreachable = await cli(['dlq', 'replay', '--all', '--data', data.dir], data.dir);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toMatch(/not replayed, the entry stays/);
    expect(
      JSON.parse((await cli(['dlq', 'list', '--data', data.dir, '--format', 'json'], data.dir)).out),
    ).toHaveLength(1);

    // The web app is back (a restarted server); the replay delivers the verdict and deletes the entry.
    const restarted = await startTestGate(data.dir, {});
    cleanups.push(() => restarted.close());
    const replay = await cli(['dlq', 'replay', entries[0]?.id as string, '--data', data.dir], data.dir);
    expect(replay).toMatchObject({ code: 0 });
    expect(replay.out).toContain('replayed');
    expect((await settledFile(restarted.url, id, restarted.demo.companyToken)).status).toBe('published');
    expect((await cli(['dlq', 'list', '--data', data.dir], data.dir)).out).toContain('No dead letters');
  });

  it('replays a dead letter from the ops API once the web app is back, and refuses while it is down', async () => {
    const data = await tempDataDir();
    cleanups.push(data.cleanup);
    const proxy = await startFlakyProxy();
    cleanups.push(proxy.close);
    proxy.state.down = true;
    const gate = await startTestGate(data.dir, {
      webhookUrl: proxy.url,
      dispatcher: { maximumRetryAttempts: 1, retryBaseDelayMs: 10, retryMaxDelayMs: 20 },
    });
    cleanups.push(() => gate.close());
    proxy.state.target = `${gate.url}/api/webhooks/verdicts`;
    const id = await uploadText(gate, 'another CV\n');
    await eventually(async () => ((await gate.deadLetters.count()) === 1 ? true : undefined));
    const summary = (await (await get(gate.url, '/api/ops/summary', gate.demo.operatorToken)).json()) as {
      deadLetters: { id: string; fileIds: string[] }[];
    };
    expect(summary.deadLetters[0]?.fileIds).toEqual([id]);
    expect(await (await fetch(`${gate.url}/metrics`)).text()).toContain('sekisho_dead_letters 1');
    const replay = (entry: string) =>
      fetch(`${gate.url}/api/ops/dead-letters/${entry}/replay`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gate.demo.operatorToken}` },
      });
    const refused = await replay(summary.deadLetters[0]?.id as string);
    expect(refused.status).toBe(502);
    expect(await refused.json()).toMatchObject({ error: { code: 'REPLAY_FAILED' } });

    proxy.state.down = false;
    const accepted = await replay(summary.deadLetters[0]?.id as string);
    expect(await accepted.json()).toEqual({ replayed: true });
    expect((await settledFile(gate.url, id, gate.demo.companyToken)).status).toBe('published');
    expect(await gate.deadLetters.count()).toBe(0);
    expect((await replay('dl_missing')).status).toBe(404);
  });

  it('scans, after a restart, a file that was stored but had no verdict when the server stopped', async () => {
    const data = await tempDataDir();
    cleanups.push(data.cleanup);
    const first = await startTestGate(data.dir, {});
    const { threadId, candidateToken } = first.demo;
    const candidate = first.app.userByToken(candidateToken);
    await first.close();
    // What a crash right after the upload leaves: the object and the file row, no verdict.
    const app = openAppStore(join(data.dir, 'app.sqlite'), systemClock);
    const objects = await createFsObjectStore(join(data.dir, 'objects'));
    const stored = await objects.putQuarantined(
      'f_crashed',
      (async function* () {
        yield new TextEncoder().encode('CV before the crash\n');
      })(),
      1024,
    );
    app.insertFile({
      id: 'f_crashed',
      threadId,
      uploaderId: candidate?.id as string,
      name: 'cv.txt',
      size: stored.size,
      sha256: stored.sha256,
      objectKey: 'f_crashed',
      createdAt: Date.now(),
    });
    app.close();

    const second = await startTestGate(data.dir, {});
    cleanups.push(() => second.close());
    expect((await settledFile(second.url, 'f_crashed', second.demo.companyToken)).status).toBe('published');
  });

  it('blocks through the stream a clean verdict whose object was swapped in quarantine before the release', async () => {
    const data = await tempDataDir();
    cleanups.push(data.cleanup);
    const proxy = await startFlakyProxy();
    cleanups.push(proxy.close);
    proxy.state.down = true;
    const gate = await startTestGate(data.dir, {
      webhookUrl: proxy.url,
      dispatcher: { maximumRetryAttempts: -1, retryBaseDelayMs: 20, retryMaxDelayMs: 40 },
    });
    cleanups.push(() => gate.close());
    proxy.state.target = `${gate.url}/api/webhooks/verdicts`;
    const id = await uploadText(gate, 'a harmless CV\n');
    const item = await eventually(async () => (await gate.verdicts.get(id)) ?? undefined);
    expect(item.verdict.kind).toBe('clean');
    await writeFile(join(data.dir, 'objects', 'quarantine', id), '<script>alert(1)</script>');
    proxy.state.down = false;
    const view = await settledFile(gate.url, id, gate.demo.candidateToken);
    expect(view.status).toBe('blocked');
    expect((await get(gate.url, `/api/files/${id}/content`, gate.demo.companyToken)).status).toBe(404);
  });
});
