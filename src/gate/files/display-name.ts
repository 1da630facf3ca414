/** The longest display name kept, in code points; longer names keep their extension. */
export const MAX_DISPLAY_NAME_LENGTH = 200;

// C0/C1 controls and DEL; bidirectional overrides, embeddings and isolates (the "Trojan Source"
// and "exe.pdf" tricks, U+202A-202E, U+2066-2069), plus LRM/RLM/ALM and zero-width characters.
const INVISIBLE = /[\p{Cc}\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
// Path separators, including their full-width and look-alike forms, so a name never names a path.
const SEPARATORS = /[/\\\u2215\u29f8\uff0f\uff3c]/gu;

/**
 * Normalises a file name a person gave, for display only (never for storage paths): NFC, no
 * control or bidirectional-override characters, no path separators, no leading dots, trimmed,
 * at most {@link MAX_DISPLAY_NAME_LENGTH} code points. Japanese and other scripts are kept.
 * Returns `file` when nothing is left.
 */
export function normaliseDisplayName(raw: string): string {
  const cleaned = raw
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(SEPARATORS, '_')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/u, '')
    .trim();
  const chars = [...cleaned];
  if (chars.length === 0) return 'file';
  if (chars.length <= MAX_DISPLAY_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? [...cleaned.slice(dot)] : [];
  const keep = extension.length > 0 && extension.length <= 16 ? extension : [];
  return [...chars.slice(0, MAX_DISPLAY_NAME_LENGTH - keep.length), ...keep].join('');
}
