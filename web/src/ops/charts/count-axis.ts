import type uPlot from 'uplot';

/** Tick steps for counts: whole numbers only (uPlot's defaults include 0.25 and 0.5). */
const WHOLE_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000,
];

/** A y-axis for counts of files: ticks at whole numbers, labelled as such. */
export function countAxis(label: string): uPlot.Axis {
  return {
    label,
    incrs: WHOLE_STEPS,
    values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')),
  };
}

/** Bars as wide as their slot allows (90 %), however wide the chart is: no fixed pixel cap. */
export const FULL_BAR_SIZE: [number, number] = [0.9, Number.POSITIVE_INFINITY];
