import type { Lang } from './messages.js';

/** The localStorage key that keeps the reader's choice across visits. */
export const LANG_STORAGE_KEY = 'sekisho.lang';

/**
 * The language to start in: the reader's saved choice, else the first of the browser's
 * languages that the page speaks, else English.
 */
export function pickLanguage(saved: string | null, browser: readonly string[]): Lang {
  if (saved === 'en' || saved === 'ja') return saved;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'ja' || base === 'en') return base;
  }
  return 'en';
}
