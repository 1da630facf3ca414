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

const KINDS = ['clean', 'infected', 'rejected', 'error'] as const;

/**
 * Verdicts per minute as stacked bars (clean at the bottom, then infected, rejected, error). uPlot
 * has no stacking of its own: each series is drawn as a bar from zero to the running total, the
 * tallest first, so each colour shows exactly its own share.
 */
export function VerdictsChart({ verdicts }: { readonly verdicts: OpsSummary['verdicts'] }) {
  const { t, lang } = useI18n();
  const totals = KINDS.map((kind) => `${t(kind)} ${verdicts.reduce((sum, v) => sum + v[kind], 0)}`);
  const rows = fillMinutes(verdicts, Date.now(), { clean: 0, infected: 0, rejected: 0, error: 0 });
  const stacked = KINDS.map((_, k) =>
    rows.map((row) => {
      const total = KINDS.slice(0, k + 1).reduce((sum, kind) => sum + row[kind], 0);
      return total === 0 ? null : total;
    }),
  );
  const drawOrder = [...KINDS.keys()].reverse();
  const data: uPlot.AlignedData = [
    rows.map((v) => toSeconds(v.t)),
    ...drawOrder.map((k) => stacked[k] ?? []),
  ];
  const options = (width: number): uPlot.Options => ({
    width,
    height: 200,
    // The running totals would mislead as hover values: the legend names the colours only.
    legend: { live: false },
    scales: {
      x: { range: (_u, min, max) => [min - 30, max + 30] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    series: [
      {},
      ...drawOrder.map((k) => {
        const kind = KINDS[k] as (typeof KINDS)[number];
        return {
          label: t(kind),
          stroke: chartColors[kind],
          fill: chartColors[kind],
          paths: barsPath({ size: FULL_BAR_SIZE }),
          points: { show: false },
        };
      }),
    ],
    axes: [timeAxis(lang), countAxis(t('filesAxis'))],
  });
  return (
    <ChartFigure title={t('verdictsChart')} summary={totals.join(' · ')}>
      <UplotChart options={options} data={data} optionsKey={lang} />
    </ChartFigure>
  );
}
