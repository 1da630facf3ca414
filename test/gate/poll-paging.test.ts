import { afterEach, describe, expect, it } from 'vitest';
import {
  openSqliteVerdictStore,
  type SqliteVerdictStore,
} from '../../src/adapters/sqlite/sqlite-verdict-store.js';
import type { ReceiptOutcome } from '../../src/gate/app/app-store.js';
import type { VerdictReceiver } from '../../src/gate/app/verdict-receiver.js';
import { createVerdictPoller, type PollWatermark } from '../../src/gate/release/verdict-poller.js';
import type { VerdictItem } from '../../src/gate/stream-record.js';
import { silentLogger } from '../../src/shared/logger.js';
import { fakeClock, tempDir, verdictItem } from '../stream/stream-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function openStore(): SqliteVerdictStore {
  const tmp = tempDir();
  const store = openSqliteVerdictStore({ path: tmp.file, clock: fakeClock(), tableName: 'verdicts' });
  cleanups.push(() => {
    store.close();
    tmp.cleanup();
  });
  return store;
}

/**
 * The web app's side reduced to what paging is about: which verdicts arrived, once per webhook
 * id (as the real receiver deduplicates). The real receiver is exercised in poll-watermark.test.ts.
 */
function recordingReceiver(): VerdictReceiver & { applied: Set<string> } {
  const applied = new Set<string>();
  return {
    applied,
    receiveWebhook: () => Promise.reject(new Error('the poll mode does not receive webhooks')),
    async apply(webhookId: string, delivery: VerdictItem): Promise<ReceiptOutcome> {
      if (applied.has(webhookId)) return 'duplicate';
      applied.add(webhookId);
      return delivery.verdict.kind === 'clean' ? 'published' : 'blocked';
    },
  };
}

/** A store holding `count` verdicts, the i-th written at `writtenAt(i)`. */
async function storeWith(count: number, writtenAt: (i: number) => number): Promise<SqliteVerdictStore> {
  const store = openStore();
  for (let i = 0; i < count; i++)
    expect(await store.put(verdictItem(id(i), { writtenAt: writtenAt(i) }))).toEqual({ written: true });
  return store;
}

function pollerOver(store: SqliteVerdictStore, watermark?: PollWatermark) {
  const receiver = recordingReceiver();
  const poller = createVerdictPoller({
    verdicts: store,
    receiver,
    intervalMs: 60_000,
    logger: silentLogger,
    ...(watermark === undefined ? {} : { watermark }),
  });
  return { receiver, poller };
}

const id = (i: number) => `file-${String(i).padStart(4, '0')}`;

describe('--release poll paging', () => {
  it('applies a verdict that shares its millisecond with the last item of a full page', async () => {
    // 500 fill the first page; the 500th and 501st were written in the same millisecond.
    const store = await storeWith(501, (i) => 1_000 + Math.min(i, 499));
    const { receiver, poller } = pollerOver(store);
    expect(await poller.tick()).toBe(501);
    expect(receiver.applied.size).toBe(501);
    expect(await poller.tick()).toBe(0);
  });

  it('applies 1,000 verdicts written in one millisecond, and the poll ends', async () => {
    const store = await storeWith(1_000, () => 5_000);
    const queries: unknown[] = [];
    const list = store.listWrittenSince.bind(store);
    store.listWrittenSince = (after, limit) => {
      queries.push(after);
      return list(after, limit);
    };
    let saved = -1;
    const { receiver, poller } = pollerOver(store, { load: () => 0, save: (w) => (saved = w) });
    expect(await poller.tick()).toBe(1_000);
    expect(receiver.applied.size).toBe(1_000);
    // Two full pages, then the empty one that says the table is read to its end.
    expect(queries).toEqual([
      null,
      { writtenAt: 5_000, fileId: id(499) },
      { writtenAt: 5_000, fileId: id(999) },
    ]);
    // A restart resumes at that millisecond (re-read, deduplicated), never after it.
    expect(saved).toBe(4_999);
  });

  it('resumes from a persisted watermark without skipping the rest of its millisecond', async () => {
    const store = await storeWith(600, () => 7_000);
    // A previous run got part way through millisecond 7000 and persisted 6999.
    const { poller } = pollerOver(store, { load: () => 6_999, save: () => {} });
    expect(await poller.tick()).toBe(600);
  });
});
