import type { Lang } from './messages.js';

/**
 * What goes between a label and its text, or between two sentences: a space in English, nothing
 * in Japanese, where 。 and ： already carry their own space and a half-width one reads as a stray.
 */
export function wordGap(lang: Lang): string {
  return lang === 'ja' ? '' : ' ';
}
