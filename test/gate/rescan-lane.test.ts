import { afterEach, describe, expect, it } from 'vitest';
import type { Scanner } from '../../src/gate/ports.js';
import { eventually, get, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

const clean: Scanner = {
  name: 'held',
  scan: async () => ({ engine: 'held', version: '1', kind: 'clean', findings: [] }),
};

describe('operator re-scans in their own lane of the scan queue', () => {
  it('neither delay the uploader’s next CV nor count against the uploader’s 429 budget, and are bounded themselves', async () => {
    const data = await tempDataDir();
    const gate = await startTestGate(data.dir, {
      engines: [clean],
      scanConcurrency: 2,
      scanQueue: { maxQueuedPerUser: 3 },
      uploadLimits: null,
    });
    cleanup = async () => {
      await gate.close();
      await data.cleanup();
    };
    const { threadId, candidateToken, companyToken, operatorToken } = gate.demo;
    const stored: string[] = [];
    for (const name of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) {
      const { id } = (await (
        await upload(gate.url, threadId, candidateToken, `file ${name}`, name)
      ).json()) as {
        id: string;
      };
      expect((await settledFile(gate.url, id, candidateToken)).status).toBe('published');
      stored.push(id);
    }

    // From now on every scan waits for `open()`; the engine records what started, in order.
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const started: string[] = [];
    gate.setEngines([
      {
        name: 'held',
        scan: async (subject, signal) => {
          started.push(subject.displayName);
          await opened;
          return clean.scan(subject, signal);
        },
      },
    ]);
    const rescan = (id: string) =>
      fetch(`${gate.url}/api/files/${id}/rescan`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operatorToken}` },
      });

    // A bulk re-scan: one runs (a lane holds at most all slots but one), three wait, and the
    // fifth is told to slow down: the operator's lane is bounded like anyone's.
    const answers = [];
    for (const id of [...stored, stored[0] as string]) answers.push(await rescan(id));
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 202, 429]);
    const refused = answers[4] as Response;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({
      error: { code: 'SCAN_QUEUE_USER_FULL', message: expect.stringContaining('re-scans') },
    });
    await eventually(() => (started.length === 1 ? true : undefined));

    // The candidate's next CV takes the free slot at once, ahead of the three waiting re-scans.
    const cv = await upload(gate.url, threadId, candidateToken, 'CV of Hanako', 'cv.txt');
    expect(cv.status).toBe(202);
    const { id: cvId } = (await cv.json()) as { id: string };
    await eventually(() => (started.includes('cv.txt') ? true : undefined));
    expect(started).toHaveLength(2);
    const lanes = gate.scans.stats().topWaiting;
    expect(lanes).toEqual([expect.objectContaining({ owner: 'lane:operator', queued: 3, running: 1 })]);

    // Their whole share of the queue is still theirs: three more files wait, none is refused.
    const more = [];
    for (let i = 0; i < 3; i++)
      more.push(await upload(gate.url, threadId, candidateToken, `more ${i}`, `more-${i}.txt`));
    expect(more.map((r) => r.status)).toEqual([202, 202, 202]);
    expect((await upload(gate.url, threadId, candidateToken, 'one too many', 'x.txt')).status).toBe(429);

    // The operations page lists both lanes with their waits.
    const summary = (await (await get(gate.url, '/api/ops/summary', operatorToken)).json()) as {
      scanQueue: { queued: number; topWaiting: { owner: string; kind: string; queued: number }[] };
    };
    expect(summary.scanQueue.queued).toBe(6);
    expect(summary.scanQueue.topWaiting.map((o) => [o.kind, o.queued])).toEqual([
      ['operator', 3],
      ['user', 3],
    ]);

    open();
    await gate.scans.idle();
    expect((await settledFile(gate.url, cvId, companyToken)).status).toBe('published');
    for (const id of stored) expect((await gate.verdicts.get(id))?.version).toBe(2);
  });
});
