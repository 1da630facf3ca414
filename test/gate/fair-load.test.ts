import { afterEach, describe, expect, it } from 'vitest';
import type { Scanner } from '../../src/gate/ports.js';
import { get, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

/** A scanner that takes 400 ms for a file named big-*, and no time for any other: real timers, no CPU. */
const slowForBig: Scanner = {
  name: 'timed',
  async scan(subject) {
    if (subject.displayName.startsWith('big-')) await new Promise((r) => setTimeout(r, 400));
    return { engine: 'timed', version: '1', kind: 'clean', findings: [] };
  },
};

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function started(options: Parameters<typeof startTestGate>[1]) {
  const data = await tempDataDir();
  const gate = await startTestGate(data.dir, options);
  cleanup = async () => {
    await gate.close();
    await data.cleanup();
  };
  return gate;
}

describe('fair, bounded scanning', () => {
  it('tells a flooder 429 with Retry-After once their share is queued, and another thread’s CV is not stuck behind it', async () => {
    const gate = await started({
      engines: [slowForBig],
      scanConcurrency: 2,
      scanQueue: { maxQueuedPerUser: 5 },
      uploadLimits: { burst: 100, perMinute: 6000, inFlight: 100 },
    });
    const flood = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, `expensive ${i}`, `big-${i}.txt`),
      ),
    );
    const statuses = flood.map((r) => r.status);
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(5);
    const refused = flood.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await r.json()).toMatchObject({ error: { code: 'SCAN_QUEUE_USER_FULL' } });
    }
    // The other thread's candidate uploads now; their file is scanned in the slot the flooder
    // may not take, long before the flooder's queue (at least 4 × 400 ms) has drained.
    const { second } = gate.demo;
    const cv = await upload(gate.url, second.threadId, second.candidateToken, 'CV of Taro', 'cv.txt');
    expect(cv.status).toBe(202);
    const { id } = (await cv.json()) as { id: string };
    expect((await settledFile(gate.url, id, second.companyToken)).status).toBe('published');
    const summary = (await (await get(gate.url, '/api/ops/summary', gate.demo.operatorToken)).json()) as {
      scanQueue: { queued: number; maxQueuedPerUser: number; maxRunningPerUser: number };
    };
    expect(summary.scanQueue).toMatchObject({ maxQueuedPerUser: 5, maxRunningPerUser: 1 });
    expect(summary.scanQueue.queued).toBeGreaterThan(0);
    const metrics = await (await fetch(`${gate.url}/metrics`)).text();
    expect(metrics).toMatch(/^sekisho_scan_queue_depth [1-9]/m);
    expect(metrics).toContain('sekisho_scan_queue_wait_seconds_bucket');
  });

  it('answers 503 SCAN_QUEUE_FULL with Retry-After when the whole queue is full', async () => {
    const gate = await started({
      engines: [slowForBig],
      scanConcurrency: 1,
      scanQueue: { maxQueued: 2, maxQueuedPerUser: 10 },
    });
    const answers: Response[] = [];
    for (let i = 0; i < 4; i++)
      answers.push(
        await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, `x ${i}`, `big-${i}.txt`),
      );
    const last = answers.at(-1) as Response;
    expect(last.status).toBe(503);
    expect(last.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await last.json()).toMatchObject({ error: { code: 'SCAN_QUEUE_FULL' } });
  });

  it('limits one user’s upload rate with 429 UPLOAD_RATE_LIMITED and Retry-After', async () => {
    const gate = await started({ engines: [slowForBig], uploadLimits: { burst: 3, perMinute: 6 } });
    const answers: Response[] = [];
    for (let i = 0; i < 4; i++)
      answers.push(
        await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, `cv ${i}`, `cv-${i}.txt`),
      );
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 429]);
    const refused = answers[3] as Response;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(9);
    expect(await refused.json()).toMatchObject({ error: { code: 'UPLOAD_RATE_LIMITED' } });
    // Another user is not affected.
    const other = await upload(
      gate.url,
      gate.demo.second.threadId,
      gate.demo.second.candidateToken,
      'cv',
      'cv.txt',
    );
    expect(other.status).toBe(202);
  });

  it('caps the live-event streams one user holds open, and frees a place when one closes', async () => {
    const gate = await started({});
    const path = `/api/threads/${gate.demo.threadId}/events`;
    const controllers = Array.from({ length: 8 }, () => new AbortController());
    const open = await Promise.all(
      controllers.map((c) =>
        fetch(`${gate.url}${path}`, {
          headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
          signal: c.signal,
        }),
      ),
    );
    expect(open.map((r) => r.status)).toEqual(Array(8).fill(200));
    const ninth = await get(gate.url, path, gate.demo.candidateToken);
    expect(ninth.status).toBe(429);
    expect(await ninth.json()).toMatchObject({ error: { code: 'EVENT_STREAMS_LIMIT' } });
    // The company of the same thread has places of its own.
    const company = await fetch(`${gate.url}${path}`, {
      headers: { authorization: `Bearer ${gate.demo.companyToken}` },
    });
    expect(company.status).toBe(200);
    await company.body?.cancel();
    controllers[0]?.abort();
    let again: Response | null = null;
    for (let i = 0; i < 100 && again?.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await fetch(`${gate.url}${path}`, {
        headers: { authorization: `Bearer ${gate.demo.candidateToken}` },
      });
      if (again.status !== 200) await again.body?.cancel();
    }
    expect(again?.status).toBe(200);
    await again?.body?.cancel();
    for (const c of controllers) c.abort();
  });
});
