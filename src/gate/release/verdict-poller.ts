import type { Logger } from '../../shared/logger.js';
import type { VerdictReceiver } from '../app/verdict-receiver.js';
import type { VerdictPollSource } from '../ports.js';
import type { VerdictItem } from '../stream-record.js';
import { verdictWebhookId } from './verdict-webhook.js';

/** The old design, kept as `--release poll` for comparison. */
export interface VerdictPoller {
  start(): void;
  stop(): void;
  /** One poll, as the per-minute batch ran it; resolves with the items applied. */
  tick(): Promise<number>;
}

const PAGE = 500;

/** Polls in a row that one verdict may fail before the poller logs it as an error and moves past it. */
export const MAX_POLL_ATTEMPTS = 5;

/**
 * A persisted poll position (epoch ms of `writtenAt`): the last applied verdict's `writtenAt`,
 * stepped back 1 ms. One number, so a restart re-reads that last millisecond (applying is
 * idempotent); within a run the cursor is the exact `(writtenAt, fileId)` key.
 */
export interface PollWatermark {
  load(): number;
  save(writtenAt: number): void;
}

/** The exact position within a run: the last verdict passed, in the table's `(writtenAt, fileId)` order. */
type PollCursor = { writtenAt: number; fileId: string };

/**
 * Publishes from a periodic query of the verdict table (`listWrittenSince`), as the per-minute
 * batch did: every `intervalMs`, whether or not anything was uploaded, through the same web-app
 * decision (in-process, as the batch called it). Every file waits up to one interval.
 */
export function createVerdictPoller(deps: {
  verdicts: VerdictPollSource;
  receiver: VerdictReceiver;
  intervalMs: number;
  logger: Logger;
  /**
   * Where the position survives a restart; without it every launch reads the table from its
   * start (applying is idempotent, just slow).
   */
  watermark?: PollWatermark;
}): VerdictPoller {
  let mark = deps.watermark?.load() ?? 0;
  // Resuming from `mark` reads every verdict written at `mark` or later: a few seen twice, none skipped.
  let cursor: PollCursor | null = mark > 0 ? { writtenAt: mark, fileId: '' } : null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  // The verdict that failed the last poll(s), and how many polls in a row it has failed.
  let failing: { id: string; attempts: number } | null = null;

  const pass = (item: VerdictItem): void => {
    cursor = { writtenAt: item.writtenAt, fileId: item.fileId };
    // Step back 1 ms: a verdict sharing this millisecond may come after it in (writtenAt, fileId)
    // order, and a restart only knows the millisecond.
    mark = Math.max(mark, item.writtenAt - 1);
  };

  /** True to move past the item (it failed too often), false to stop the poll before it. */
  const failed = (id: string, item: VerdictItem, error: unknown): boolean => {
    failing = failing?.id === id ? { id, attempts: failing.attempts + 1 } : { id, attempts: 1 };
    if (failing.attempts < MAX_POLL_ATTEMPTS) {
      // Stop before it: the watermark must not pass a verdict that was never applied, so the
      // next poll (or the next launch) tries it again.
      deps.logger.warn(
        { err: error, fileId: item.fileId, version: item.version, attempts: failing.attempts },
        'poll: could not apply a verdict; retrying next poll',
      );
      return false;
    }
    // Retrying forever would hold back every verdict after it (a file the web app does not
    // have, a thread mismatch): give up on this one, loudly, and let the rest through.
    deps.logger.error(
      { err: error, fileId: item.fileId, version: item.version, attempts: failing.attempts },
      `poll: skipping a verdict that failed ${failing.attempts} polls in a row; the file stays unreleased until it is re-scanned`,
    );
    failing = null;
    return true;
  };

  const poll = async (): Promise<number> => {
    let applied = 0;
    try {
      for (;;) {
        const items = await deps.verdicts.listWrittenSince(cursor, PAGE);
        for (const item of items) {
          const id = verdictWebhookId(item.fileId, item.version);
          try {
            const outcome = await deps.receiver.apply(id, item);
            if (outcome !== 'duplicate' && outcome !== 'stale') applied++;
            if (failing?.id === id) failing = null;
          } catch (error) {
            if (!failed(id, item, error)) return applied;
          }
          pass(item);
        }
        if (items.length < PAGE) return applied;
      }
    } finally {
      deps.watermark?.save(mark);
    }
  };

  const tick = (): Promise<number> => {
    running ??= poll().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    start() {
      if (timer !== null) return;
      timer = setInterval(() => {
        tick().catch((error: unknown) => deps.logger.error({ err: error }, 'poll failed'));
      }, deps.intervalMs);
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
    tick,
  };
}
