// The scanner's own table of the types it detects, with their names in English and Japanese: pure
// data, so the page bundles it and names a type exactly as a refusal's details do.
import { FILE_TYPES, type FileType, fileType, typeLabel } from '../../../src/gate/scan/file-types.js';
import type { Lang } from '../i18n/messages.js';

/** A file type in words a job seeker or recruiter knows, and a short label for the card's icon. */
export interface TypeDescription {
  /** `PDF document`, `Windows program`, `Word 文書`. */
  readonly label: string;
  /** At most 4 characters for the icon: `PDF`, `EXE`, `DOCX`. */
  readonly short: string;
}

const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

const shortOf = (type: FileType | undefined, fallback: string): string =>
  (type?.extensions[0] ?? fallback).toUpperCase().slice(0, 4) || '?';

/**
 * Describes a detected content type in the reader's language (never as a MIME type); before the
 * scan (null) the type that the file name's extension claims stands in.
 */
export function describeType(type: string | null | undefined, name: string, lang: Lang): TypeDescription {
  const extension = extensionOf(name);
  if (type) {
    const known = fileType(type);
    return { label: typeLabel(type)[lang], short: shortOf(known, extension) };
  }
  const claimed = FILE_TYPES.find((f) => f.extensions.includes(extension));
  if (claimed !== undefined) return { label: claimed.label[lang], short: shortOf(claimed, extension) };
  return { label: '—', short: shortOf(undefined, extension) };
}
