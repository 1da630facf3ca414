import type { ScanQueueSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';

type Lane = ScanQueueSummary['topWaiting'][number];

/** A wait the way a person reads it: `0 ms`, `850 ms`, `12.4 s`, `3 min 5 s`. */
export function formatWait(ms: number | null, none: string): string {
  if (ms === null) return none;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * The fair scan queue now: how many files wait (large), the oldest wait, the slots in use, the
 * bounds, the waits of the last hour, and the lanes waiting most (an uploader, the operators'
 * re-scans, or a conversation), so that an operator sees who is filling the queue.
 */
export function ScanQueueTile({ queue }: { readonly queue: ScanQueueSummary }) {
  const { t } = useI18n();
  const none = t('noData');
  const laneName = (lane: Lane): string =>
    lane.kind === 'operator'
      ? t('laneOperator')
      : t(lane.kind === 'thread' ? 'laneThread' : 'laneUser', {
          id: lane.owner.replace(/^thread:/, ''),
        });
  return (
    <section class="card stat" aria-labelledby="scan-queue-title" data-testid="scan-queue">
      <h2 id="scan-queue-title" class="stat__title">
        {t('scanQueue')}
      </h2>
      <p class="stat__value" data-testid="scan-queue-depth">
        {t('scanQueueWaiting', { count: String(queue.queued) })}
      </p>
      <p class="stat__help">{t('scanQueueHelp')}</p>
      <ul class="scan-queue__facts">
        <li data-testid="scan-queue-oldest">
          {t('scanQueueOldest', { wait: formatWait(queue.oldestWaitMs, none) })}
        </li>
        <li>{t('scanQueueRunning', { running: String(queue.running), slots: String(queue.concurrency) })}</li>
        <li>
          {t('scanQueueWaits', {
            p50: formatWait(queue.waitMs.p50, none),
            p99: formatWait(queue.waitMs.p99, none),
          })}
        </li>
        <li>
          {t('scanQueueBound', { perUser: String(queue.maxQueuedPerUser), total: String(queue.maxQueued) })}
        </li>
      </ul>
      <h3 class="scan-queue__top-title">{t('scanQueueTop')}</h3>
      {queue.topWaiting.length === 0 ? (
        <p class="muted">{t('scanQueueNone')}</p>
      ) : (
        <ol class="scan-queue__lanes">
          {queue.topWaiting.map((lane) => (
            <li key={lane.owner} class="scan-queue__lane" data-lane={lane.kind}>
              <span class="scan-queue__lane-name">{laneName(lane)}</span>
              <span class="scan-queue__lane-counts">
                {t('laneCounts', {
                  queued: String(lane.queued),
                  running: String(lane.running),
                  wait: formatWait(lane.oldestWaitMs, none),
                })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
