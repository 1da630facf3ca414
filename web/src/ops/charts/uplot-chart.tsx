import { useEffect, useRef } from 'preact/hooks';
// uPlot: a small (~50 KB) canvas chart library with no dependencies; it styles its own elements
// through the CSSOM, which the page's strict style-src CSP allows (unlike inline style attributes).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Props of `UplotChart`. */
export interface UplotChartProps {
  /** Builds the options for a given width; called again when the language (labels) changes. */
  readonly options: (width: number) => uPlot.Options;
  readonly data: uPlot.AlignedData;
  /** Changes when the options must be rebuilt (e.g. the language). */
  readonly optionsKey: string;
}

/** Mounts a uPlot chart, feeds it new data in place, and follows its container's width. */
export function UplotChart({ options, data, optionsKey }: UplotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const width = () => Math.max(240, element.clientWidth);
    const plot = new uPlot(options(width()), latest.current, element);
    chart.current = plot;
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: plot.height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [optionsKey]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div ref={host} class="chart__canvas" />;
}
