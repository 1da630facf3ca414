import type uPlot from 'uplot';
import type { Lang } from '../../i18n/messages.js';

/** A time x-axis labelled `21:45` in the reader's language (uPlot's default is US `9:45pm` with a date line). */
export function timeAxis(lang: Lang): uPlot.Axis {
  const locale = lang === 'ja' ? 'ja-JP' : 'en-GB';
  return {
    values: (_u, splits) =>
      splits.map((s) =>
        new Date(s * 1000).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }),
      ),
  };
}
