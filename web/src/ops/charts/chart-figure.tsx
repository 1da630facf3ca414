import type { ComponentChildren } from 'preact';

/** Props of `ChartFigure`. */
export interface ChartFigureProps {
  readonly title: string;
  /** What the chart shows in words, for screen readers (the canvas itself says nothing). */
  readonly summary: string;
  readonly children: ComponentChildren;
}

/** A titled card around a chart, with a text summary that assistive technology can read. */
export function ChartFigure({ title, summary, children }: ChartFigureProps) {
  return (
    <figure class="card chart">
      <figcaption class="chart__title">{title}</figcaption>
      <p class="chart__summary">{summary}</p>
      {children}
    </figure>
  );
}
