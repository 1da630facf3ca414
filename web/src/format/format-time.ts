import type { Lang } from '../i18n/messages.js';

/** A time of day (and the date when not today) in the reader's language. */
export function formatTime(epochMs: number, lang: Lang, now: number = Date.now()): string {
  const date = new Date(epochMs);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const locale = lang === 'ja' ? 'ja-JP' : 'en-GB';
  return sameDay
    ? date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
