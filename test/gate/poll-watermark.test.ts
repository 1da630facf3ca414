import { describe, expect, it } from 'vitest';
import { eventually, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

type Gate = Awaited<ReturnType<typeof startTestGate>>;

async function uploadAndWaitForVerdict(gate: Gate, text: string): Promise<string> {
  const response = await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, text);
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  await eventually(async () => (await gate.verdicts.get(id)) ?? undefined);
  return id;
}

type After = Parameters<Gate['pollSource']['listWrittenSince']>[0];

/** Records the `after` key of every query the poller makes, on the real SQLite verdict store. */
function watchQueries(gate: Gate): After[] {
  const since: After[] = [];
  const list = gate.pollSource.listWrittenSince.bind(gate.pollSource);
  gate.pollSource.listWrittenSince = (after, limit) => {
    since.push(after);
    return list(after, limit);
  };
  return since;
}

describe('--release poll across restarts', () => {
  it('resumes from the persisted watermark instead of re-reading the verdict table from the start', async () => {
    const data = await tempDataDir();
    // A poll interval far beyond the test: every poll below is an explicit tick().
    const options = { release: 'poll', pollIntervalMs: 3_600_000 } as const;
    let gate = await startTestGate(data.dir, options);
    try {
      const queries = watchQueries(gate);
      await uploadAndWaitForVerdict(gate, 'first\n');
      const second = await uploadAndWaitForVerdict(gate, 'second\n');
      expect(await gate.poller?.tick()).toBe(2);
      expect(queries[0]).toBeNull();
      const watermark = gate.app.watermark('verdict-poll');
      const lastWritten = (await gate.verdicts.get(second))?.writtenAt ?? Number.NaN;
      // The last applied writtenAt, stepped back 1 ms so a verdict sharing its millisecond is not skipped.
      expect(watermark).toBe(lastWritten - 1);
      await gate.close();

      gate = await startTestGate(data.dir, options);
      const after = watchQueries(gate);
      const third = await uploadAndWaitForVerdict(gate, 'third\n');
      expect(await gate.poller?.tick()).toBe(1);
      // Resumes at the watermark's millisecond: every verdict from there on, none skipped.
      expect(after[0]).toEqual({ writtenAt: watermark, fileId: '' });
      expect(gate.app.getFile(third)?.status).toBe('published');
      expect(gate.app.watermark('verdict-poll')).toBe(((await gate.verdicts.get(third))?.writtenAt ?? 0) - 1);
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });

  it('does not move the watermark past a verdict it could not apply, and applies it on the next poll', async () => {
    const data = await tempDataDir();
    const gate = await startTestGate(data.dir, { release: 'poll', pollIntervalMs: 3_600_000 });
    try {
      const id = await uploadAndWaitForVerdict(gate, 'later\n');
      const apply = gate.receiver.apply.bind(gate.receiver);
      // The web app's database is briefly unavailable for this one apply.
      let failOnce = true;
      (gate.receiver as { apply: typeof apply }).apply = async (webhookId, delivery) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('database is locked');
        }
        return apply(webhookId, delivery);
      };
      expect(await gate.poller?.tick()).toBe(0);
      expect(gate.app.watermark('verdict-poll')).toBe(0);
      expect(await gate.poller?.tick()).toBe(1);
      expect(gate.app.getFile(id)?.status).toBe('published');
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });
});
