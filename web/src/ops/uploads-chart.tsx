import type uPlot from 'uplot';
import type { OpsSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { barsPath } from './charts/bars-path.js';
import { chartColors } from './charts/chart-colors.js';
import { ChartFigure } from './charts/chart-figure.js';
import { countAxis, FULL_BAR_SIZE } from './charts/count-axis.js';
import { fillMinutes } from './charts/fill-minutes.js';
import { timeAxis } from './charts/time-axis.js';
import { toSeconds } from './charts/to-seconds.js';
import { UplotChart } from './charts/uplot-chart.js';

/** Uploads per minute over the last hour, one bar a minute. */
export function UploadsChart({ uploads }: { readonly uploads: OpsSummary['uploads'] }) {
  const { t, lang } = useI18n();
  const total = uploads.reduce((sum, u) => sum + u.count, 0);
  const rows = fillMinutes(uploads, Date.now(), { count: 0 });
  const data: uPlot.AlignedData = [rows.map((u) => toSeconds(u.t)), rows.map((u) => u.count)];
  const options = (width: number): uPlot.Options => ({
    width,
    height: 200,
    legend: { show: false },
    // Half a minute of room at each end, so the first and last bars are drawn whole.
    scales: {
      x: { range: (_u, min, max) => [min - 30, max + 30] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    series: [
      {},
      {
        label: t('uploadsChart'),
        stroke: chartColors.uploads,
        fill: 'rgba(31,79,130,0.75)',
        paths: barsPath({ size: FULL_BAR_SIZE }),
        points: { show: false },
      },
    ],
    axes: [timeAxis(lang), countAxis(t('filesAxis'))],
  });
  return (
    <ChartFigure title={t('uploadsChart')} summary={t('uploadsTotal', { count: String(total) })}>
      <UplotChart options={options} data={data} optionsKey={lang} />
    </ChartFigure>
  );
}
