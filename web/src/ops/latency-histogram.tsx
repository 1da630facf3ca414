import type uPlot from 'uplot';
import type { OpsSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { barsPath } from './charts/bars-path.js';
import { chartColors } from './charts/chart-colors.js';
import { ChartFigure } from './charts/chart-figure.js';
import { countAxis, FULL_BAR_SIZE } from './charts/count-axis.js';
import { UplotChart } from './charts/uplot-chart.js';

type Latency = OpsSummary['latency']['uploadToPublished'];

/** A bucket's upper bound in milliseconds as a short axis label: `50`, `2.5s`, `∞`. */
function bucketLabel(le: number | string): string {
  const ms = Number(le);
  if (!Number.isFinite(ms)) return '∞';
  return ms >= 1000 ? `${ms / 1000}s` : String(ms);
}

/**
 * Upload→published latency as a histogram: one bar per bucket. The API gives Prometheus-style
 * cumulative buckets (`le`), so each bar is the difference from the bucket before it.
 */
export function LatencyHistogram({ latency }: { readonly latency: Latency }) {
  const { t, lang } = useI18n();
  const labels = latency.buckets.map((b) => bucketLabel(b.le));
  const counts = latency.buckets.map((b, i) => Math.max(0, b.count - (latency.buckets[i - 1]?.count ?? 0)));
  // An empty bucket draws no bar at all (null), rather than a flat stroke along the axis.
  const data: uPlot.AlignedData = [labels.map((_, i) => i), counts.map((c) => (c === 0 ? null : c))];
  const format = (ms: number | null) => (ms === null ? t('noData') : `${Math.round(ms)} ms`);
  const options = (width: number): uPlot.Options => ({
    width,
    height: 200,
    legend: { show: false },
    scales: {
      x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    series: [
      {},
      {
        label: t('filesAxis'),
        stroke: chartColors.latency,
        fill: 'rgba(105,65,198,0.55)',
        paths: barsPath({ size: FULL_BAR_SIZE }),
        points: { show: false },
      },
    ],
    axes: [
      {
        label: t('latencyAxis'),
        splits: () => labels.map((_, i) => i),
        // Thin the labels on narrow screens so that they never overlap (about 36 px each).
        values: (u, splits) => {
          const every = Math.max(1, Math.ceil((labels.length * 36) / u.bbox.width / devicePixelRatio));
          return splits.map((i) => (i % every === 0 || i === labels.length - 1 ? (labels[i] ?? '') : ''));
        },
      },
      countAxis(t('filesAxis')),
    ],
  });
  return (
    <ChartFigure
      title={t('latencyChart')}
      summary={`${t('p50')} ${format(latency.p50)} · ${t('p99')} ${format(latency.p99)} · ${t('latencyCount', { count: String(latency.buckets.at(-1)?.count ?? 0) })}`}
    >
      <UplotChart options={options} data={data} optionsKey={`${lang}:${labels.join(',')}`} />
    </ChartFigure>
  );
}
