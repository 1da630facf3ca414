import { FILE_TYPES, fileType, RUNNABLE_EXTENSIONS } from '../file-types.js';
import type { DetectedType } from './detect-type.js';
import { type Hit, reject } from './types.js';

/** Which type each known extension claims (`pdf` claims a PDF, `exe` a Windows program). */
const CLAIMS: ReadonlyMap<string, string> = new Map(
  FILE_TYPES.flatMap((f) => f.extensions.map((ext) => [ext, f.mime] as const)),
);
const TEXT = new Set(['text/plain', 'text/csv']);
const ODF = 'application/vnd.oasis.opendocument.';

/**
 * Whether two types are one OpenDocument format, as a document and as its template (`text` and
 * `text-template`): only the `mimetype` entry differs, LibreOffice and Calligra open either under
 * either name, and Calligra ships templates saved with the document type and the other way round.
 */
const sameOpenDocument = (a: string, b: string): boolean =>
  a.startsWith(ODF) && b.startsWith(ODF) && a.replace(/-template$/, '') === b.replace(/-template$/, '');

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** The extension of a display name, lower case, or null; trailing dots and spaces are ignored as Windows does. */
export function extensionOf(name: string): string | null {
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[.\s]+$/, '');
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? null : base.slice(dot + 1).toLowerCase();
}

/**
 * Refuses a name that would make the downloader's computer treat the file as something it is
 * not: an extension that claims another known type (`cv.pdf` that is a PNG or a program, a PDF
 * named `cv.pdf.exe`), or text named like a script that runs on double-click (`notes.js`). An
 * extension that claims nothing known (`thesis.tex`, `scan.bak`) is no disguise and passes, and
 * so does any name of content the engine does not recognise: it is refused for its type.
 */
export function nameMismatch(displayName: string, type: DetectedType): Hit | null {
  const ext = extensionOf(displayName);
  if (ext === null || type.mime === 'application/x-empty' || type.mime === 'application/octet-stream')
    return null;
  if (fileType(type.mime)?.extensions.includes(ext)) return null;
  // OOXML and OpenDocument files are ZIP archives: a ZIP name tells the truth about them.
  if (ext === 'zip' && type.family === 'zip') return null;
  if (TEXT.has(type.mime) && RUNNABLE_EXTENSIONS.has(ext))
    return reject('runnable-name', `The name ends in .${ext}, which runs as a program when it is opened.`);
  const claimed = CLAIMS.get(ext);
  if (claimed === undefined && !RUNNABLE_EXTENSIONS.has(ext)) return null;
  if (claimed !== undefined && TEXT.has(claimed) && TEXT.has(type.mime)) return null;
  if (claimed !== undefined && sameOpenDocument(claimed, type.mime)) return null;
  const what = (fileType(type.mime)?.label.en ?? type.mime).toLowerCase();
  return reject(
    'name-mismatch',
    `The name ends in .${ext} but the content is ${article(what)} ${what} (${type.mime}).`,
  );
}
