import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppStore } from '../../src/adapters/sqlite/app-store.js';
import { createReceiptPruner } from '../../src/gate/app/receipt-pruner.js';
import { parseServeArgs } from '../../src/runtime/cli/commands/serve.js';
import { silentLogger } from '../../src/shared/logger.js';
import { eventually, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A clock the test moves by hand. */
function fakeClock(start = Date.UTC(2026, 10, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('webhook receipt pruning', () => {
  it('reads --receipt-retention in days, hours or minutes and refuses anything else', () => {
    expect(parseServeArgs(['--receipt-retention', '7d'])).toMatchObject({ receiptRetentionMs: 7 * DAY });
    expect(parseServeArgs(['--receipt-retention', '12h'])).toMatchObject({ receiptRetentionMs: 12 * HOUR });
    expect(parseServeArgs([])).not.toHaveProperty('receiptRetentionMs');
    expect(() => parseServeArgs(['--receipt-retention', 'a week'])).toThrow(/--receipt-retention/);
  });

  it('deletes receipts older than the retention, at most once an hour', async () => {
    const data = await tempDataDir();
    const clock = fakeClock();
    const app = openAppStore(join(data.dir, 'app.sqlite'), clock);
    try {
      const { user } = app.createUser('Aiko', 'candidate');
      const thread = app.createThread('t', [user.id]);
      app.insertFile({
        id: 'f_1',
        threadId: thread.id,
        uploaderId: user.id,
        name: 'cv.txt',
        size: 1,
        sha256: 'a'.repeat(64),
        objectKey: 'f_1',
        createdAt: clock.now(),
      });
      const stale = () => ({ kind: 'stale' }) as const;
      const pruner = createReceiptPruner({ app, clock, logger: silentLogger });
      app.applyVerdict('f_1:v1', 'f_1', stale);
      expect(pruner.maybePrune()).toBe(0);
      clock.advance(6 * DAY);
      app.applyVerdict('f_1:v2', 'f_1', stale);
      // Due only an hour after the last prune, whatever has aged meanwhile.
      clock.advance(2 * DAY - 1);
      expect(pruner.maybePrune()).toBe(1);
      expect(app.applyVerdict('f_1:v1', 'f_1', stale)?.outcome).toBe('stale');
      expect(app.applyVerdict('f_1:v2', 'f_1', stale)?.outcome).toBe('duplicate');
      clock.advance(HOUR - 1);
      expect(pruner.maybePrune()).toBeNull();
      clock.advance(1);
      expect(pruner.maybePrune()).toBe(0);
    } finally {
      app.close();
      await data.cleanup();
    }
  });

  it('prunes from the server as verdicts arrive, with the configured retention, and a pruned replay publishes nothing twice', async () => {
    const data = await tempDataDir();
    const clock = fakeClock(Date.now());
    const gate = await startTestGate(data.dir, {
      clock,
      release: 'poll',
      pollIntervalMs: 3_600_000,
      receiptRetentionMs: 2 * DAY,
    });
    try {
      const send = async (text: string) => {
        const response = await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, text);
        const { id } = (await response.json()) as { id: string };
        await eventually(async () => (await gate.verdicts.get(id)) ?? undefined);
        await gate.poller?.tick();
        return id;
      };
      const first = await send('first\n');
      const item = await gate.verdicts.get(first);
      if (item === null) throw new Error('no verdict');
      expect(await gate.receiver.apply(`${first}:v1`, item)).toBe('duplicate');
      clock.advance(3 * DAY);
      await send('second\n');
      // The receipt of the first file is gone: a replay is applied again, and the version guard
      // makes it stale rather than a second publication.
      expect(await gate.receiver.apply(`${first}:v1`, item)).toBe('stale');
      expect(gate.app.getFile(first)?.status).toBe('published');
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });
});
