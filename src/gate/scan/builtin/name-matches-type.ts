import type { DetectedType } from './detect-type.js';
import { type Hit, reject } from './types.js';

const OOXML = 'application/vnd.openxmlformats-officedocument';
const TEXT = ['txt', 'text', 'csv', 'tsv', 'md', 'log'];

/** The extensions a name may carry for each allowed type. */
const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  [`${OOXML}.wordprocessingml.document`]: ['docx'],
  [`${OOXML}.spreadsheetml.sheet`]: ['xlsx'],
  [`${OOXML}.presentationml.presentation`]: ['pptx'],
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
  'text/plain': TEXT,
  'text/csv': TEXT,
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/zip': ['zip'],
  'application/gzip': ['gz', 'gzip'],
};

/** The types on the default allowlist: the keys of the extension table. */
export const allowedTypes: ReadonlySet<string> = new Set(Object.keys(EXTENSIONS));

/** The extension of a display name, lower case, or null; trailing dots and spaces are ignored as Windows does. */
export function extensionOf(name: string): string | null {
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[.\s]+$/, '');
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? null : base.slice(dot + 1).toLowerCase();
}

/**
 * Refuses a name that claims another type than the content (`cv.pdf` that is a PNG or a
 * program): the downloader's computer would open it by its name. A name without an extension
 * claims nothing and passes.
 */
export function nameMismatch(displayName: string, type: DetectedType): Hit | null {
  const ext = extensionOf(displayName);
  const allowed = EXTENSIONS[type.mime];
  if (ext === null || allowed?.includes(ext)) return null;
  // A type off the allowlist is refused anyway; its name matters when it poses as an allowed one.
  if (allowed === undefined && !Object.values(EXTENSIONS).some((list) => list.includes(ext))) return null;
  return reject('name-mismatch', `The name ends in .${ext} but the content is ${type.mime}.`);
}
