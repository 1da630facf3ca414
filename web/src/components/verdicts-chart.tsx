import type uPlot from 'uplot';
import type { OpsSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { chartColors } from './chart-colors.js';
import { ChartFigure } from './chart-figure.js';
import { fillMinutes } from './fill-minutes.js';
import { toSeconds } from './to-seconds.js';
import { UplotChart } from './uplot-chart.js';

const KINDS = ['clean', 'infected', 'rejected', 'error'] as const;

/** Verdicts per minute, one line per kind (clean, infected, rejected, error), with a legend. */
export function VerdictsChart({ verdicts }: { readonly verdicts: OpsSummary['verdicts'] }) {
  const { t, lang } = useI18n();
  const totals = KINDS.map((kind) => `${t(kind)} ${verdicts.reduce((sum, v) => sum + v[kind], 0)}`);
  const rows = fillMinutes(verdicts, Date.now(), { clean: 0, infected: 0, rejected: 0, error: 0 });
  const data: uPlot.AlignedData = [
    rows.map((v) => toSeconds(v.t)),
    ...KINDS.map((kind) => rows.map((v) => v[kind])),
  ];
  const options = (width: number): uPlot.Options => ({
    width,
    height: 200,
    scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    series: [{}, ...KINDS.map((kind) => ({ label: t(kind), stroke: chartColors[kind], width: 2 }))],
    axes: [{}, { label: t('filesAxis') }],
  });
  return (
    <ChartFigure title={t('verdictsChart')} summary={totals.join(' · ')}>
      <UplotChart options={options} data={data} optionsKey={lang} />
    </ChartFigure>
  );
}
