import type { ScanSubject } from '../../ports.js';
import type { DetectedType } from './detect-type.js';
import { type OleEntry, OleFormatError, OleReader } from './ole-reader.js';
import { type Hit, reject } from './types.js';
import { fieldCodeHit, legacyFieldCodes } from './word-fields.js';

/** Rules for a compound file whose directory cannot be read: its kind is unknown. */
export const OLE_DAMAGED_RULES: ReadonlySet<string> = new Set(['office-corrupt', 'office-damaged-macros']);
const MACRO_STORAGES = new Set(['_vba_project', '_vba_project_cur', 'vba', 'macros']);
const BOUNDSHEET = 0x0085;
const EOF_RECORD = 0x000a;

/** Bytes of a damaged file searched for directory entries; larger files are searched this far. */
const MAX_RAW_SEARCH = 64 * 1024 * 1024;

/**
 * Whether `bytes` hold, at any offset, something shaped like a directory entry (§2.6.1) of a
 * macro storage: its UTF-16LE name, NUL-terminated, the name length field agreeing, and the type
 * a storage or a stream. Used only when the directory cannot be read as written: a file shifted by
 * a byte still carries its entries whole, and a reader that repairs files may find them.
 */
function hasMacroEntry(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const name of ['Macros', 'VBA', '_VBA_PROJECT', '_VBA_PROJECT_CUR', 'MACROS', 'macros', 'vba']) {
    const needle = Buffer.from(`${name}\0`, 'utf16le');
    for (let at = buf.indexOf(needle); at !== -1; at = buf.indexOf(needle, at + 1)) {
      if (at + 0x43 > buf.length) break;
      const type = buf[at + 0x42];
      if (buf.readUInt16LE(at + 0x40) === needle.length && (type === 1 || type === 2)) return true;
    }
  }
  return false;
}

/**
 * Whether a compound file's own kind cannot be told from it, so that its name cannot be a
 * disguise: its directory is damaged, or it holds nothing but an encrypted package (an encrypted
 * .docx, .xlsx or .pptx is a compound file whose `EncryptedPackage` stream hides the OOXML
 * package, [MS-OFFCRYPTO] 2.3.4.4 and 2.3.4.10).
 */
export function oleKindUnknown(type: DetectedType, hits: readonly Hit[]): boolean {
  if (type.family !== 'ole') return false;
  return hits.some(
    (h) =>
      OLE_DAMAGED_RULES.has(h.rule) ||
      (h.rule === 'office-encrypted' && type.mime === 'application/x-ole-storage'),
  );
}

const damagedWithMacros = (why: string): Hit =>
  reject(
    'office-damaged-macros',
    `The Office file's structure is damaged (${why}) and it carries a macro storage (a VBA project); a repaired file would run it.`,
  );

/** The document type, from the stream that each Office application keeps its content in. */
function oleType(names: ReadonlySet<string>): DetectedType {
  if (names.has('worddocument')) return { family: 'ole', mime: 'application/msword' };
  if (names.has('workbook') || names.has('book')) return { family: 'ole', mime: 'application/vnd.ms-excel' };
  if (names.has('powerpoint document')) return { family: 'ole', mime: 'application/vnd.ms-powerpoint' };
  return { family: 'ole', mime: 'application/x-ole-storage' };
}

const WORKBOOK_STREAMS = new Set(['workbook', 'book']);

/** Inspects an object embedded in the file as a part of it (what it carries counts, not its type); supplied by the engine. */
export type InspectPart = (name: string, bytes: Uint8Array) => Promise<Hit[]>;

/**
 * Excel 4.0 (XLM) macro sheets live in the workbook globals as BOUNDSHEET records of type 1
 * ([MS-XLS] 2.4.28), not in a VBA storage, so they need a look inside the Workbook stream.
 */
function hasXlmMacroSheet(workbook: Uint8Array): boolean {
  const v = new DataView(workbook.buffer, workbook.byteOffset, workbook.byteLength);
  for (let at = 0; at + 4 <= workbook.length; ) {
    const type = v.getUint16(at, true);
    const len = v.getUint16(at + 2, true);
    if (type === BOUNDSHEET && len >= 6 && at + 10 <= workbook.length && v.getUint8(at + 9) === 0x01)
      return true;
    if (type === EOF_RECORD) return false;
    at += 4 + len;
  }
  return false;
}

/**
 * Inspects a legacy Office file (OLE compound file): VBA projects (any `VBA`, `_VBA_PROJECT` or
 * `Macros` storage), XLM macro sheets, embedded packages (`\x01Ole10Native`, how an .exe rides in a
 * .doc), and encryption. Only Word and Excel documents are allowed: a .ppt hides its macros where
 * they cannot be inspected, and other compound files (.msi installers, .msg) are refused by type.
 * A structure that does not parse is refused.
 */
export async function inspectOle(
  subject: ScanSubject,
  inspectPart: InspectPart = async () => [],
): Promise<{ type: DetectedType; hits: Hit[] }> {
  let reader: OleReader;
  let entries: OleEntry[];
  try {
    reader = await OleReader.open(subject);
    entries = await reader.directory();
  } catch (error) {
    if (!(error instanceof OleFormatError)) throw error;
    const type: DetectedType = { family: 'ole', mime: 'application/x-ole-storage' };
    const raw = await subject.read(0, Math.min(subject.size, MAX_RAW_SEARCH));
    if (hasMacroEntry(raw)) return { type, hits: [damagedWithMacros(error.message)] };
    return { type, hits: [reject('office-corrupt', `The Office file is damaged: ${error.message}.`)] };
  }
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  const type = oleType(names);
  const hits: Hit[] = [];
  // PowerPoint 97-2003 keeps its VBA project compressed inside the "PowerPoint Document" stream
  // (ExOleObjStg), not in a storage we can see, so a .ppt cannot be cleared of macros reliably.
  if (type.mime === 'application/vnd.ms-powerpoint')
    hits.push(
      reject(
        'type-not-allowed',
        'Legacy PowerPoint (.ppt) files are not accepted: their macros cannot be inspected.',
      ),
    );
  if ([...names].some((n) => MACRO_STORAGES.has(n)))
    hits.push(reject('office-macros', 'The document contains macros (a VBA project).'));
  // A macro storage's entry in the directory but not where entries are (bytes inserted or
  // removed in the directory): the parse above missed it; a reader that repairs may not.
  else if (hasMacroEntry(reader.directoryBytes))
    hits.push(damagedWithMacros('an entry of its directory is out of place'));
  if (names.has('encryptedpackage') || names.has('encryptioninfo'))
    hits.push(
      reject('office-encrypted', 'The document is password-protected, so its content cannot be inspected.'),
    );
  if (names.has('\u0001ole10native'))
    hits.push(reject('office-embedded-package', 'The document carries an embedded file (an OLE package).'));
  // Every workbook stream, wherever its entry sits: Excel 97 and later read `Workbook`, Excel 5
  // and 95 `Book`, and a decoy first entry must not stand for the one a reader opens.
  const workbooks = entries.filter((e) => e.type === 2 && WORKBOOK_STREAMS.has(e.name.toLowerCase()));
  const root = entries.find((e) => e.type === 5);
  if (root !== undefined)
    try {
      for (const workbook of workbooks)
        if (hasXlmMacroSheet(await reader.stream(workbook, root))) {
          hits.push(reject('office-macros', 'The workbook contains Excel 4.0 macro sheets.'));
          break;
        }
    } catch (error) {
      if (!(error instanceof OleFormatError)) throw error;
      hits.push(reject('office-corrupt', `The Office file is damaged: ${error.message}.`));
    }
  if (root !== undefined) {
    // A stream read for what it holds, or null when its chain is broken: unread, it is unjudged,
    // so the file is refused as damaged unless it is refused already.
    const readUnlessBroken = async (entry: OleEntry): Promise<Uint8Array | null> => {
      try {
        return await reader.stream(entry, root);
      } catch (error) {
        if (!(error instanceof OleFormatError)) throw error;
        if (hits.length === 0)
          hits.push(reject('office-corrupt', `The Office file is damaged: ${error.message}.`));
        return null;
      }
    };
    // Objects embedded in the document (ObjectPool/_NNN/Package: a workbook or presentation as
    // Office saves it, which a double-click opens): judged as parts, for what they carry.
    for (const part of entries.filter((e) => e.type === 2 && e.name.toLowerCase() === 'package')) {
      const bytes = await readUnlessBroken(part);
      if (bytes === null) continue;
      const inner = await inspectPart(`embedded-${part.name}`, bytes);
      hits.push(...inner.map((h) => ({ ...h, detail: `An embedded object: ${h.detail}` })));
    }
    const word = entries.find((e) => e.type === 2 && e.name.toLowerCase() === 'worddocument');
    const text = word === undefined ? null : await readUnlessBroken(word);
    const hit = text === null ? null : fieldCodeHit(legacyFieldCodes(text), 'WordDocument');
    if (hit !== null) hits.push(hit);
  }
  return { type, hits };
}
