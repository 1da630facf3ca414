import { StatusPanel } from '../components/status-panel.js';
import { useI18n } from '../i18n/i18n-context.js';
import { DeadLetterList } from './dead-letter-list.js';
import { EngineList } from './engine-list.js';
import { LatencyHistogram } from './latency-histogram.js';
import { ScanQueueTile } from './scan-queue-tile.js';
import { StreamLagTile } from './stream-lag-tile.js';
import { UploadsChart } from './uploads-chart.js';
import { useOpsSummary } from './use-ops-summary.js';
import { VerdictsChart } from './verdicts-chart.js';

/** `/ops`: pipeline health at a glance, charts first, then what needs a hand (dead letters). */
export function OpsPage() {
  const { t } = useI18n();
  const { summary, lagHistory, error, refresh } = useOpsSummary();
  if (error && (error.status === 401 || error.status === 403))
    return <StatusPanel message={t('notAllowed')} />;
  if (!summary && error)
    return <StatusPanel message={t('loadFailed')} actionLabel={t('retry')} onAction={refresh} />;
  if (!summary) return <StatusPanel message={t('loading')} />;
  return (
    <div class="ops">
      <div class="ops__head">
        <h1>{t('opsTitle')}</h1>
        <p class="muted">{t('opsIntro')}</p>
      </div>
      <div class="ops__grid">
        <UploadsChart uploads={summary.uploads} />
        <VerdictsChart verdicts={summary.verdicts} />
        <LatencyHistogram latency={summary.latency.uploadToPublished} />
        <StreamLagTile lagMs={summary.streamLagMs} history={lagHistory} release={summary.release} />
        {summary.scanQueue && <ScanQueueTile queue={summary.scanQueue} />}
        <DeadLetterList deadLetters={summary.deadLetters} onReplayed={refresh} />
        <EngineList engines={summary.engines} />
      </div>
    </div>
  );
}
