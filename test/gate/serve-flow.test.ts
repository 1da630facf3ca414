import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { eventually, get, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';
import { openEvents } from './support/sse-client.js';

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const CV = '山田花子\n職務経歴: バックエンドエンジニア 5年\nSkills: TypeScript, AWS\n';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let gate: Awaited<ReturnType<typeof startTestGate>>;

beforeEach(async () => {
  data = await tempDataDir();
  gate = await startTestGate(data.dir);
});
afterEach(async () => {
  await gate.close();
  await data.cleanup();
});

describe('sekisho serve: upload to published over real HTTP', () => {
  it('publishes a clean upload to the company: same bytes, attachment, nosniff, and an SSE event', async () => {
    const { threadId, candidateToken, companyToken } = gate.demo;
    const events = await openEvents(`${gate.url}/api/threads/${threadId}/events`, companyToken);
    try {
      const response = await upload(gate.url, threadId, candidateToken, CV, '職務経歴書.txt');
      expect(response.status).toBe(202);
      const created = (await response.json()) as { id: string; status: string; name: string; sha256: string };
      expect(created).toMatchObject({ status: 'scanning', name: '職務経歴書.txt', threadId });

      const view = await settledFile(gate.url, created.id, companyToken);
      expect(view).toMatchObject({
        id: created.id,
        status: 'published',
        verdict: { kind: 'clean', version: 1 },
      });

      const content = await get(gate.url, `/api/files/${created.id}/content`, companyToken);
      expect(content.status).toBe(200);
      expect(content.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(content.headers.get('content-disposition')).toContain(encodeURIComponent('職務経歴書.txt'));
      expect(content.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await content.arrayBuffer()).toString('utf8')).toBe(CV);

      const published = await eventually(() => events.events.find((e) => e.event === 'file.published'));
      expect(published.data).toMatchObject({ id: created.id, status: 'published', explanation: null });
    } finally {
      await events.close();
    }
  });

  it('blocks the EICAR test file with an explanation; nobody can download it and the company hears nothing', async () => {
    const { threadId, candidateToken, companyToken } = gate.demo;
    const companyEvents = await openEvents(`${gate.url}/api/threads/${threadId}/events`, companyToken);
    const candidateEvents = await openEvents(`${gate.url}/api/threads/${threadId}/events`, candidateToken);
    try {
      const created = (await (
        await upload(gate.url, threadId, candidateToken, EICAR, 'eicar.txt')
      ).json()) as {
        id: string;
      };
      const view = (await settledFile(gate.url, created.id, candidateToken)) as {
        status: string;
        verdict: { kind: string; findings: { rule: string }[] };
        explanation: { en: { reason: string }; ja: { reason: string } } | null;
      };
      expect(view.status).toBe('blocked');
      expect(view.verdict.kind).toBe('infected');
      expect(view.verdict.findings.length).toBeGreaterThan(0);
      expect(view.explanation?.en.reason).toBeTruthy();
      expect(view.explanation?.ja.reason).toBeTruthy();

      expect((await get(gate.url, `/api/files/${created.id}`, companyToken)).status).toBe(404);
      expect((await get(gate.url, `/api/files/${created.id}/content`, companyToken)).status).toBe(404);
      expect((await get(gate.url, `/api/files/${created.id}/content`, candidateToken)).status).toBe(404);

      await eventually(() => candidateEvents.events.find((e) => e.event === 'file.blocked'));
      // A clean file uploaded after it reaches the company, so the company's stream is live and
      // has simply never carried the blocked one.
      const clean = (await (await upload(gate.url, threadId, candidateToken, CV)).json()) as { id: string };
      await eventually(() => companyEvents.events.find((e) => e.data.id === clean.id));
      expect(companyEvents.events.filter((e) => e.data.id === created.id)).toEqual([]);
      const thread = (await (await get(gate.url, `/api/threads/${threadId}`, companyToken)).json()) as {
        files: { id: string }[];
      };
      expect(thread.files.map((f) => f.id)).toEqual([clean.id]);
    } finally {
      await companyEvents.close();
      await candidateEvents.close();
    }
  });

  it('revokes a published file when a re-scan with newer signatures finds it infected', async () => {
    const { threadId, candidateToken, companyToken, operatorToken } = gate.demo;
    const events = await openEvents(`${gate.url}/api/threads/${threadId}/events`, companyToken);
    try {
      const created = (await (await upload(gate.url, threadId, candidateToken, CV)).json()) as {
        id: string;
        sha256: string;
      };
      await settledFile(gate.url, created.id, companyToken);
      expect((await get(gate.url, `/api/files/${created.id}/content`, companyToken)).status).toBe(200);

      // New signatures arrive: the built-in engine's denylist now names this file.
      gate.setEngines([createBuiltinScanner({ denylist: [created.sha256] })]);
      const rescan = await fetch(`${gate.url}/api/files/${created.id}/rescan`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operatorToken}` },
      });
      expect(rescan.status).toBe(202);

      const revoked = await eventually(() => events.events.find((e) => e.event === 'file.revoked'));
      expect(revoked.data).toMatchObject({ id: created.id, status: 'revoked' });
      expect((await get(gate.url, `/api/files/${created.id}/content`, companyToken)).status).toBe(404);
      const mine = (await (await get(gate.url, `/api/files/${created.id}`, candidateToken)).json()) as {
        status: string;
        verdict: { version: number; kind: string };
      };
      expect(mine).toMatchObject({ status: 'revoked', verdict: { version: 2, kind: 'infected' } });
    } finally {
      await events.close();
    }
  });

  it('serves health, metrics with the gate histograms, and the ops summary', async () => {
    const { threadId, candidateToken, companyToken, operatorToken } = gate.demo;
    const created = (await (await upload(gate.url, threadId, candidateToken, CV)).json()) as { id: string };
    await settledFile(gate.url, created.id, companyToken);
    expect(await (await fetch(`${gate.url}/healthz`)).json()).toEqual({ ok: true });
    const metrics = await (await fetch(`${gate.url}/metrics`)).text();
    for (const name of [
      'sekisho_upload_to_verdict_seconds_count 1',
      'sekisho_verdict_to_published_seconds_count 1',
      'sekisho_upload_to_published_seconds_count 1',
      'sekisho_scan_duration_seconds_count{engine="builtin"} 1',
      'sekisho_stream_lag_seconds',
      'sekisho_dead_letters 0',
      'sekisho_uploads_total 1',
      'sekisho_verdicts_total{kind="clean"} 1',
    ])
      expect(metrics).toContain(name);
    const summary = (await (await get(gate.url, '/api/ops/summary', operatorToken)).json()) as {
      uploads: { count: number }[];
      verdicts: { clean: number }[];
      latency: { uploadToPublished: { p50: number; p99: number; buckets: unknown[] } };
      release: string;
      deadLetters: unknown[];
      engines: { engine: string }[];
    };
    expect(summary.uploads.reduce((n, u) => n + u.count, 0)).toBe(1);
    expect(summary.verdicts.reduce((n, v) => n + v.clean, 0)).toBe(1);
    expect(summary.latency.uploadToPublished.p50).toBeGreaterThanOrEqual(0);
    expect(summary.release).toBe('stream');
    expect(summary.deadLetters).toEqual([]);
    expect(summary.engines.map((e) => e.engine)).toContain('builtin');
  });
});

async function viewOf(path: string, token: string): Promise<Record<string, unknown>> {
  const response = await get(gate.url, path, token);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('FileView.mine: whether the caller uploaded the file', () => {
  it('is true for the uploader and false for the other participant, by id, in the listing and in each live stream', async () => {
    const eventsPath = `${gate.url}/api/threads/${gate.demo.threadId}/events`;
    // Both streams are open at once, so one published event reaches both: each must get its own view.
    const candidateEvents = await openEvents(eventsPath, gate.demo.candidateToken);
    const companyEvents = await openEvents(eventsPath, gate.demo.companyToken);
    try {
      const response = await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, 'CV\n', 'cv.txt');
      expect(response.status).toBe(202);
      const accepted = (await response.json()) as { id: string; mine: unknown };
      expect(accepted.mine).toBe(true);
      const id = accepted.id;
      expect((await settledFile(gate.url, id, gate.demo.companyToken)).status).toBe('published');

      expect(await viewOf(`/api/files/${id}`, gate.demo.candidateToken)).toMatchObject({ id, mine: true });
      expect(await viewOf(`/api/files/${id}`, gate.demo.companyToken)).toMatchObject({ id, mine: false });

      const listed = async (token: string) =>
        ((await viewOf(`/api/threads/${gate.demo.threadId}`, token)).files as { id: string }[]).find(
          (f) => f.id === id,
        );
      expect(await listed(gate.demo.candidateToken)).toMatchObject({ mine: true });
      expect(await listed(gate.demo.companyToken)).toMatchObject({ mine: false });

      const publishedTo = (events: typeof candidateEvents) =>
        eventually(() => events.events.find((e) => e.event === 'file.published' && e.data.id === id));
      expect((await publishedTo(candidateEvents)).data.mine).toBe(true);
      expect((await publishedTo(companyEvents)).data.mine).toBe(false);
    } finally {
      await candidateEvents.close();
      await companyEvents.close();
    }
  });
});
