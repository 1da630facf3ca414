import type { DetectedType } from './detect-type.js';
import { type Hit, reject } from './types.js';
import { fieldCodeHit, ooxmlFieldCodes } from './word-fields.js';
import { decodeXmlReferences, elementAttributes, xmlPartText } from './xml-part.js';

const OOXML = 'application/vnd.openxmlformats-officedocument';

/** Which Office Open XML document a ZIP is, from its parts; null when it is not one. */
export function officeOpenXmlType(names: readonly string[]): DetectedType | null {
  const has = (part: string) => names.some((n) => n.toLowerCase() === part);
  if (!has('[content_types].xml')) return null;
  if (has('word/document.xml')) return { family: 'zip', mime: `${OOXML}.wordprocessingml.document` };
  if (has('xl/workbook.xml')) return { family: 'zip', mime: `${OOXML}.spreadsheetml.sheet` };
  if (has('ppt/presentation.xml')) return { family: 'zip', mime: `${OOXML}.presentationml.presentation` };
  return { family: 'zip', mime: 'application/x-opc-package' };
}

/** Macros and ActiveX controls, visible from the part names alone (ECMA-376 / MS-OFFMACRO). */
export function officeNameHits(names: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  const lower = names.map((n) => n.toLowerCase());
  if (lower.some((n) => n.endsWith('vbaproject.bin') || n.endsWith('vbadata.xml')))
    hits.push(reject('office-macros', 'The document contains macros (a VBA project).'));
  if (lower.some((n) => /^xl\/(intl)?macrosheets\//.test(n)))
    hits.push(reject('office-macros', 'The workbook contains Excel 4.0 macro sheets.'));
  if (lower.some((n) => n.includes('/activex/')))
    hits.push(reject('office-activex', 'The document contains ActiveX controls.'));
  return hits;
}

// The parts of a Word document whose fields Word updates: the body, headers and footers, notes,
// comments and the glossary (building blocks).
const WORD_STORY =
  /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments|glossary\/document)\.xml$/;
const EXCEL_EXTERNAL_LINK = /^xl\/externallinks\/[^/]+\.xml$/;

const external = (detail: string): Hit => reject('office-external-content', detail);
const one = (hit: Hit | null): Hit[] => (hit === null ? [] : [hit]);

type PartCheck = (text: string, name: string) => Hit[];

/** The check for a part of this (lower-case) name, or null for a part not read at all. */
function partCheck(lower: string): PartCheck | null {
  if (lower === '[content_types].xml') return macroContentTypes;
  if (lower.endsWith('.rels')) return (text) => one(externalRelationship(text));
  if (WORD_STORY.test(lower)) return (text, name) => one(fieldCodeHit(ooxmlFieldCodes(text), name));
  if (EXCEL_EXTERNAL_LINK.test(lower)) return ddeLink;
  if (lower === 'xl/connections.xml') return webQuery;
  return null;
}

/** Whether {@link officePartHits} reads this part at all. */
export function isOfficeCheckedPart(name: string): boolean {
  return partCheck(name.toLowerCase()) !== null;
}

const macroContentTypes: PartCheck = (text) =>
  /macroEnabled|vbaProject|macrosheet/i.test(decodeXmlReferences(text))
    ? [reject('office-macros', 'The document is a macro-enabled Office file.')]
    : [];

const ddeLink: PartCheck = (text, name) =>
  /<(?:[\w.-]+:)?ddeLink[\s>]/.test(text)
    ? [external(`The workbook has a DDE link, which starts a program (${name}).`)]
    : [];

const webQuery: PartCheck = (text) =>
  elementAttributes(text, 'webPr').some((a) => (a.get('url') ?? '') !== '')
    ? [external('The workbook has a web query, which fetches data from an outside address.')]
    : [];

// Relationships that make Office fetch and run something from elsewhere, wherever it lies
// (remote template injection, CVE-2017-0199-style OLE links).
const RUNS_FROM_ELSEWHERE = new Set(['attachedtemplate', 'oleobject', 'frame', 'subdocument']);
// A target on another computer: a UNC path, a URL, a `file:` URL with a host (`file:///C:/` is local;
// a drive letter is a one-letter "scheme" and stays local).
const REMOTE_TARGET = /^\s*(\\\\|\/\/|file:\/\/(?!\/)|(?!file:)[a-z][a-z0-9+.-]+:)/i;

/**
 * A relationship Office follows outside the package when the document opens (a hyperlink waits
 * for a click): a template, OLE link, frame or sub-document anywhere, and anything else (a linked
 * picture, an Excel external workbook) on another computer, where opening it sends the user's
 * credentials (UNC) or tells the sender the document was opened.
 */
function externalRelationship(text: string): Hit | null {
  for (const attributes of elementAttributes(text, 'Relationship')) {
    if (attributes.get('TargetMode')?.trim().toLowerCase() !== 'external') continue;
    const type = (attributes.get('Type') ?? '').trim();
    const kind = type.slice(type.lastIndexOf('/') + 1);
    const target = attributes.get('Target') ?? '';
    if (kind.toLowerCase() === 'hyperlink') continue;
    if (!RUNS_FROM_ELSEWHERE.has(kind.toLowerCase()) && !REMOTE_TARGET.test(target)) continue;
    return external(
      `The document loads content from an outside address when it opens (${kind || 'a relationship'}: ${target.slice(0, 120)}).`,
    );
  }
  return null;
}

/**
 * Hits found in one part of an Office Open XML package, decoded as Office decodes it: macro-enabled
 * content types, relationships to outside content, DDE and remote-include fields, Excel DDE links
 * and web queries.
 */
export function officePartHits(name: string, bytes: Uint8Array): Hit[] {
  const check = partCheck(name.toLowerCase());
  return check === null ? [] : check(xmlPartText(bytes), name);
}
