import type { DetectedType } from './detect-type.js';
import { type Hit, reject } from './types.js';

const ODF = 'application/vnd.oasis.opendocument.';
// OpenOffice.org 1.x and StarOffice 6/7 documents (.sxw, .sxc, …): the same package layout (a
// `mimetype` entry, a manifest, Basic/ and Scripts/ folders), the vocabulary before ODF.
const STAR_OFFICE_XML = 'application/vnd.sun.xml.';
// A drawing saved by a StarOffice 8 beta (the LibreOffice SDK's importexportofasciifiles.odg)
// declares `opendocument.drawing`; ODF 1.0 and every later writer name that type `graphics`.
const PRE_STANDARD: ReadonlyMap<string, string> = new Map([
  [`${ODF}drawing`, `${ODF}graphics`],
  [`${ODF}drawing-template`, `${ODF}graphics-template`],
]);

/**
 * Whether a ZIP's entries make an OpenDocument package (ODF 1.2 part 3, §3.3): a `mimetype`
 * entry and a manifest. The type itself comes from the `mimetype` entry's content.
 */
export function isOpenDocumentPackage(names: readonly string[]): boolean {
  return names.includes('mimetype') && names.includes('META-INF/manifest.xml');
}

/**
 * The type an OpenDocument (or OpenOffice.org 1.x) `mimetype` entry declares, or null when it is
 * neither; a pre-standard name is read as the standard one.
 */
export function openDocumentType(mimetype: string): DetectedType | null {
  const declared = mimetype.trim();
  const mime = PRE_STANDARD.get(declared) ?? declared;
  return (mime.startsWith(ODF) || mime.startsWith(STAR_OFFICE_XML)) &&
    /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(mime)
    ? { family: 'zip', mime }
    : null;
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

// Event listeners, links and buttons that run code, by the address of what they run. A macro of
// LibreOffice's own application library (`application:Template.Correspondence.Main`, as its
// wizard templates use) runs code the installation already has; anything else runs code from the
// document, the user's profile, or a script provider reached by path (CVE-2018-16858).
//
// XML lets a part bind a namespace to any prefix (`xmlns:s="…:script:1.0"`, then `<s:event-listener>`)
// and quote an attribute with either quote, and LibreOffice reads the part by namespace, not by
// prefix: so elements and attributes are matched whatever their prefix, and values in either quote.
// Any attribute's value is an address when it names a script provider or a macro (`xlink:href`,
// `script:macro-name`, a form control's properties, …): the search is for such values only, since
// a document's content holds tens of thousands of attributes (hybrid PDFs carry one).
const RUNS = String.raw`(?:vnd\.sun\.star\.script|macro|application|document|user):`;
const SCRIPT_ADDRESS = new RegExp(String.raw`=\s*(?:"\s*(${RUNS}[^"]*)"|'\s*(${RUNS}[^']*)')`, 'gi');
// Each pattern starts at its element's name, after `<` or any prefix's colon, so that the
// expression engine can skip to the name instead of trying every `<` of the part.
const EVENT_LISTENER = /[<:]event-listener[\s>][^>]*>/gi;
const EMBEDDED_SCRIPT = /[<:]script[\s>][^/]/i;
const OWN_MACRO =
  /^(application:[\w.]+|vnd\.sun\.star\.script:[\w.]+\?language=Basic&(amp;)?location=application|macro:\/\/\/[\w.]+(\(\))?)$/i;
// DDE links and linked sections fetch content from elsewhere when the document opens.
const EXTERNAL = /[<:](dde-link|dde-source|dde-connection-decl)[\s>]|[<:]section-source[^>]*href\s*=/i;

// The attributes of an event listener that name what it runs (its language and event do not).
const LISTENER_ADDRESS = /(?:[\w.-]+:)?(?:href|macro-name|location)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

const attributeValues = (text: string, attribute: RegExp): string[] =>
  [...text.matchAll(attribute)].map((m) => m[1] ?? m[2] ?? '');

/** The address of code the part would run that is not LibreOffice's own, or null. */
function foreignScript(text: string): string | null {
  if (EMBEDDED_SCRIPT.test(text)) return 'an embedded script';
  for (const listener of text.match(EVENT_LISTENER) ?? []) {
    // An empty address runs nothing (LibreOffice's letter templates list every event that way).
    const addresses = attributeValues(listener, LISTENER_ADDRESS).filter((a) => a !== '');
    const foreign = addresses.find((a) => !OWN_MACRO.test(a) || a.includes('..'));
    if (foreign !== undefined) return foreign;
  }
  for (const address of attributeValues(text, SCRIPT_ADDRESS))
    if (!OWN_MACRO.test(address) || address.includes('..')) return address;
  return null;
}

// Every pattern of openDocumentPartHits needs one of these ASCII words. ASCII letters decode from
// ASCII bytes alone in UTF-8 (an invalid byte becomes U+FFFD, never a letter), so a search of the
// raw bytes read as latin1 finds every part the decoded text would match, without decoding.
const WORDS = /script|macro|dde|section-source/i;

/** False when a part's bytes cannot hold a script, a macro or an outside link: no need to decode it. */
export function mayRunOrLoad(bytes: Uint8Array): boolean {
  return WORDS.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

/** Hits found in the text of one XML part of an OpenDocument package. */
export function openDocumentPartHits(name: string, text: string): Hit[] {
  const script = /script|macro/i.test(text) ? foreignScript(text) : null;
  if (script !== null)
    return [reject('office-macros', `The document runs a script (${script.slice(0, 120)}) from ${name}.`)];
  if (EXTERNAL.test(text))
    return [reject('office-external-content', `The document loads content from outside (${name}).`)];
  return [];
}
