import type { DetectedType } from './detect-type.js';
import { type Hit, reject } from './types.js';

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
  if (lower.some((n) => n.includes('/activex/')))
    hits.push(reject('office-activex', 'The document contains ActiveX controls.'));
  return hits;
}

// Relationship types that make Office fetch and run something from elsewhere when the document
// opens (remote template injection, CVE-2017-0199-style OLE links), as opposed to hyperlinks.
// Either quote: XML allows both, and Office reads both.
const DANGEROUS_EXTERNAL =
  /\/(attachedTemplate|oleObject|frame|subDocument)["'][^>]*TargetMode\s*=\s*["']External["']|TargetMode\s*=\s*["']External["'][^>]*\/(attachedTemplate|oleObject|frame|subDocument)["']/i;

/** Whether {@link officePartHits} reads this part at all: the content types and the relationships. */
export function isOfficeCheckedPart(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === '[content_types].xml' || lower.endsWith('.rels');
}

/** Hits found in the text of one XML part: macro-enabled content types, remote templates. */
export function officePartHits(name: string, text: string): Hit[] {
  const lower = name.toLowerCase();
  if (lower === '[content_types].xml' && /macroEnabled|vbaProject/i.test(text))
    return [reject('office-macros', 'The document is a macro-enabled Office file.')];
  if (lower.endsWith('.rels') && DANGEROUS_EXTERNAL.test(text))
    return [
      reject('office-external-content', 'The document loads a template or object from an outside address.'),
    ];
  return [];
}
