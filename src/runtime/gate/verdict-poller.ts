import type { VerdictStore } from '../../gate/ports.js';
import { verdictWebhookId } from '../../gate/release/verdict-webhook.js';
import type { Logger } from '../../shared/logger.js';
import type { VerdictReceiver } from './verdict-receiver.js';

/** The old design, kept as `--release poll` for comparison. */
export interface VerdictPoller {
  start(): void;
  stop(): void;
  /** One poll, as the per-minute batch ran it; resolves with the items applied. */
  tick(): Promise<number>;
}

const PAGE = 500;

/** A persisted poll position (epoch ms of `writtenAt`). */
export interface PollWatermark {
  load(): number;
  save(writtenAt: number): void;
}

/**
 * Publishes from a periodic query of the verdict table (`listWrittenSince`), as the per-minute
 * batch did: every `intervalMs`, whether or not anything was uploaded, through the same web-app
 * decision (in-process, as the batch called it). Every file waits up to one interval.
 */
export function createVerdictPoller(deps: {
  verdicts: VerdictStore;
  receiver: VerdictReceiver;
  intervalMs: number;
  logger: Logger;
  /**
   * Where the position survives a restart (the last applied `writtenAt`, stepped back 1 ms);
   * without it every launch reads the table from its start (applying is idempotent, just slow).
   */
  watermark?: PollWatermark;
}): VerdictPoller {
  let cursor = deps.watermark?.load() ?? 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  const poll = async (): Promise<number> => {
    let applied = 0;
    for (;;) {
      const items = await deps.verdicts.listWrittenSince(cursor, PAGE);
      for (const item of items) {
        try {
          const outcome = await deps.receiver.apply(verdictWebhookId(item.fileId, item.version), item);
          if (outcome !== 'duplicate' && outcome !== 'stale') applied++;
        } catch (error) {
          // Stop before it: the watermark must not pass a verdict that was never applied, so the
          // next poll (or the next launch) tries it again.
          deps.logger.warn(
            { err: error, fileId: item.fileId },
            'poll: could not apply a verdict; retrying next poll',
          );
          deps.watermark?.save(cursor);
          return applied;
        }
        // Step back 1 ms so an item sharing the last timestamp on the next page is not skipped;
        // the items seen twice are deduplicated.
        cursor = Math.max(cursor, item.writtenAt - 1);
      }
      if (items.length < PAGE) break;
      cursor = Math.max(cursor, items.at(-1)?.writtenAt ?? cursor);
    }
    deps.watermark?.save(cursor);
    return applied;
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
