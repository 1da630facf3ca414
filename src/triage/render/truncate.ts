const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Cuts text to at most `max` UTF-16 units, ending with `…`; never splits a surrogate pair. */
export function truncateEnd(text: string, max: number, marker = '…'): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - marker.length);
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  return text.slice(0, cut) + marker;
}

/** Keeps the end of text (the latest log lines), at most `max` units, starting with `…`. */
export function truncateStart(text: string, max: number, marker = '…'): string {
  if (text.length <= max) return text;
  let start = text.length - Math.max(0, max - marker.length);
  if (start < text.length && isLowSurrogate(text.charCodeAt(start))) start++;
  return marker + text.slice(start);
}
