import { type Hit, reject } from './types.js';
import { decodeXmlReferences, elementAttributes } from './xml-part.js';

/**
 * Word fields that run something when the document opens or its fields update, in `.docx` parts
 * and in Word 97-2003's WordDocument stream alike: DDE (the 2017 DDEAUTO campaigns) and
 * INCLUDEPICTURE/INCLUDETEXT from another computer (a UNC path leaks the user's credentials).
 */
const DDE_FIELD = /\bDDE(AUTO)?\b/i;
const REMOTE_INCLUDE = /\bINCLUDE(PICTURE|TEXT)\b\s*"?\s*(\\{2,}|\/\/|(https?|ftp|file|smb):)/i;

/** A DDE field or a field that includes a file from another computer among field codes (from `where`), or null. */
export function fieldCodeHit(codes: string, where: string): Hit | null {
  if (DDE_FIELD.test(codes))
    return reject(
      'office-external-content',
      `The document has a DDE field, which starts a program (${where}).`,
    );
  if (REMOTE_INCLUDE.test(codes))
    return reject(
      'office-external-content',
      `The document has a field that fetches a file from another computer (${where}).`,
    );
  return null;
}

const INSTR_TEXT = /<(?:[\w.-]+:)?instrText\b[^>]*>([^<]*)</g;

/** The field codes of a `.docx` part: every `instrText` run (Word joins a code cut across runs) and every simple field's `instr`. */
export function ooxmlFieldCodes(text: string): string {
  const runs = [...text.matchAll(INSTR_TEXT)].map((m) => m[1] ?? '').join('');
  const simple = elementAttributes(text, 'fldSimple').map((a) => a.get('instr') ?? '');
  return decodeXmlReferences([runs, ...simple].join(' '));
}

// A Word 97 field: its code runs from the field-begin mark (0x13) to the separator (0x14) or end (0x15).
// biome-ignore lint/suspicious/noControlCharactersInRegex: Word marks fields with these control characters.
const FIELD_CODE = /\x13([^\x13\x14\x15]*)/g;

/**
 * The field codes of a Word 97-2003 document's text, which its WordDocument stream holds in pieces
 * of 8-bit (cp1252) or UTF-16LE text: read all three ways, since which bytes are which takes the
 * piece table to tell, and a field code found in any reading is one Word may run.
 */
export function legacyFieldCodes(stream: Uint8Array): string {
  const bytes = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  const readings = [
    bytes.toString('latin1'),
    bytes.toString('utf16le'),
    bytes.subarray(1).toString('utf16le'),
  ];
  return readings.flatMap((text) => [...text.matchAll(FIELD_CODE)].map((m) => m[1] ?? '')).join(' ');
}
