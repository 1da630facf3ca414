import { afterEach, describe, expect, it } from 'vitest';
import type { AppStore } from '../../src/gate/app/app-store.js';
import type { OpsStatsStore } from '../../src/gate/app/ops-stats-store.js';
import type { VerdictStore } from '../../src/gate/ports.js';
import type { VerdictKind } from '../../src/gate/verdict.js';
import { type FakeClock, fakeClock, verdictItem } from '../stream/stream-fixtures.js';
import { freshStores, type Opened } from './opened.js';

/** An ops-stats store with the writers whose data it reports on, all reading time from one clock. */
export interface OpsStatsStores {
  readonly stats: OpsStatsStore;
  readonly app: AppStore;
  readonly verdicts: VerdictStore;
}

const MINUTE = 60_000;

/**
 * The behaviour every `OpsStatsStore` must show: the operations page's per-minute figures, read
 * back from what the app store and the verdict store wrote.
 */
export function opsStatsStoreContract(
  name: string,
  open: (clock: FakeClock) => Promise<Opened<OpsStatsStores>>,
): void {
  describe(`${name}: the OpsStatsStore contract`, () => {
    const clock = fakeClock();
    const fresh = freshStores(() => open(clock), afterEach);
    // The start of a minute at least a minute ahead of the clock, so a test can step up to it.
    const nextMinute = () => Math.ceil((clock.now() + MINUTE) / MINUTE) * MINUTE;

    it('counts uploads per minute from `since` on, each minute keyed by its start', async () => {
      const { stats, app } = await fresh();
      const minute = nextMinute();
      const candidate = app.createUser('Hanako', 'candidate');
      const thread = app.createThread('Application', [candidate.user.id]);
      const upload = (id: string, createdAt: number) =>
        app.insertFile({
          id,
          threadId: thread.id,
          uploaderId: candidate.user.id,
          name: `${id}.pdf`,
          size: 3,
          sha256: '0'.repeat(64),
          objectKey: id,
          createdAt,
        });
      upload('f_before', minute - 1);
      upload('f_1', minute);
      upload('f_2', minute + MINUTE - 1);
      upload('f_3', minute + 2 * MINUTE + 30_000);

      expect(stats.uploadsPerMinute(minute)).toEqual([
        { t: minute, count: 2 },
        { t: minute + 2 * MINUTE, count: 1 },
      ]);
      expect(stats.uploadsPerMinute(minute - MINUTE)[0]).toEqual({ t: minute - MINUTE, count: 1 });
      expect(stats.uploadsPerMinute(minute + 3 * MINUTE)).toEqual([]);
    });

    it('counts verdicts written per minute by kind, a re-scan included, from `since` on', async () => {
      const { stats, verdicts } = await fresh();
      const minute = nextMinute();
      const write = async (fileId: string, kind: VerdictKind, version = 1) => {
        const item = verdictItem(fileId, { version });
        expect((await verdicts.put({ ...item, verdict: { ...item.verdict, kind } })).written).toBe(true);
      };
      clock.advance(minute - 1 - clock.now());
      await write('f_before', 'clean');
      clock.advance(1);
      await write('f_1', 'clean');
      await write('f_2', 'infected');
      clock.advance(MINUTE);
      await write('f_3', 'rejected');
      await write('f_1', 'infected', 2);

      expect(stats.verdictsPerMinute(minute)).toEqual([
        { t: minute, clean: 1, infected: 1, rejected: 0, error: 0 },
        { t: minute + MINUTE, clean: 0, infected: 1, rejected: 1, error: 0 },
      ]);
      expect(stats.verdictsPerMinute(minute + 2 * MINUTE)).toEqual([]);
    });
  });
}
