import type { DetectedType } from './detect-type.js';
import { type Hit, reject } from './types.js';

const ODF = 'application/vnd.oasis.opendocument.';

/**
 * Whether a ZIP's entries make an OpenDocument package (ODF 1.2 part 3, §3.3): a `mimetype`
 * entry and a manifest. The type itself comes from the `mimetype` entry's content.
 */
export function isOpenDocumentPackage(names: readonly string[]): boolean {
  return names.includes('mimetype') && names.includes('META-INF/manifest.xml');
}

/** The type an OpenDocument `mimetype` entry declares, or null when it is not an ODF type. */
export function openDocumentType(mimetype: string): DetectedType | null {
  const mime = mimetype.trim();
  return mime.startsWith(ODF) && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(mime) ? { family: 'zip', mime } : null;
}

/** Basic macro libraries and script folders (Python, JavaScript, BeanShell), visible from the part names. */
export function openDocumentNameHits(names: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  if (names.some((n) => n.startsWith('Basic/')))
    hits.push(reject('office-macros', 'The document contains LibreOffice Basic macros.'));
  if (names.some((n) => n.startsWith('Scripts/')))
    hits.push(reject('office-macros', 'The document contains scripts (Python, JavaScript or BeanShell).'));
  return hits;
}

// Script event listeners (`script:event-listener`), script URLs in links and buttons, and a
// non-empty `office:script` element run code when the document opens or a user clicks.
const SCRIPT =
  /<script:event-listener[\s>]|vnd\.sun\.star\.script:|(xlink:href|script:location|form:[a-z-]+)="macro:|<office:script[\s>][^/]/i;
// DDE links and linked sections fetch content from elsewhere when the document opens.
const EXTERNAL = /<(table:dde-link|office:dde-source|text:dde-connection-decl|text:section-source)[\s>]/i;

/** Hits found in the text of one XML part of an OpenDocument package. */
export function openDocumentPartHits(name: string, text: string): Hit[] {
  if (SCRIPT.test(text)) return [reject('office-macros', `The document runs a script from ${name}.`)];
  if (EXTERNAL.test(text))
    return [reject('office-external-content', `The document loads content from outside (${name}).`)];
  return [];
}
