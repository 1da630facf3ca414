import type uPlot from 'uplot';
import { useI18n } from '../i18n/i18n-context.js';
import { wordGap } from '../i18n/word-gap.js';
import { chartColors } from './charts/chart-colors.js';
import { UplotChart } from './charts/uplot-chart.js';

/** Props of `StreamLagTile`. */
export interface StreamLagTileProps {
  readonly lagMs: number | null;
  /** Samples this page has seen, `[epoch seconds, lag ms]`, for the sparkline. */
  readonly history: readonly (readonly [number, number])[];
  readonly release: 'stream' | 'poll';
}

/** Milliseconds the way a person reads a lag: `< 1 ms`, `4.2 ms`, `1350 ms`. */
function formatLag(ms: number | null, none: string): string {
  if (ms === null) return none;
  if (ms < 1) return '< 1 ms';
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

/** The stream lag now, large, with a sparkline of what this page has seen, and the release mode. */
export function StreamLagTile({ lagMs, history, release }: StreamLagTileProps) {
  const { t, lang } = useI18n();
  const data: uPlot.AlignedData = [history.map((h) => h[0]), history.map((h) => h[1])];
  const options = (width: number): uPlot.Options => ({
    width,
    height: 64,
    legend: { show: false },
    cursor: { show: false },
    scales: { y: { range: (_u, _min, max) => [0, Math.max(10, max)] } },
    axes: [{ show: false }, { show: false }],
    series: [{}, { stroke: chartColors.lag, fill: 'rgba(14,116,144,0.12)', width: 2 }],
  });
  return (
    <section class="card stat" aria-labelledby="lag-title">
      <h2 id="lag-title" class="stat__title">
        {t('streamLag')}
      </h2>
      <p class="stat__value" data-testid="stream-lag">
        {formatLag(lagMs, t('noData'))}
      </p>
      <p class="stat__help">{t('streamLagHelp')}</p>
      {history.length > 1 && <UplotChart options={options} data={data} optionsKey={lang} />}
      <p class="stat__foot">
        {t('releaseMode')}
        {wordGap(lang)}
        <strong>{release === 'stream' ? t('releaseStream') : t('releasePoll')}</strong>
      </p>
    </section>
  );
}
