import { CHAR_CLASS } from './pdf-lexer.js';

/**
 * The names an object must contain for the PDF check to act on it: an action (or one whose file
 * may lie on another computer: GoToR, GoToE, Thread), a name tree of
 * scripts, an attachment, a form, encryption, a file specification, an object stream. Any `#xx`
 * escape can spell any of them, so a `#` counts too. (`RichMedia` covers `RichMediaExecute`.)
 */
export const RELEVANT_NAMES: readonly string[] = [
  'JS',
  'JavaScript',
  'Launch',
  'ImportData',
  'SubmitForm',
  'RichMedia',
  'GoToR',
  'GoToE',
  'Thread',
  'EF',
  'XFA',
  'Encrypt',
  'Filespec',
  'UF',
  'FS',
  'EmbeddedFile',
  'ObjStm',
];

/**
 * Names that count as the start of longer ones too: `RichMedia` stands for `RichMediaExecute`
 * and its kin. Every other name counts only whole: a font subset tag such as `/JSWDKF+CMTT10`
 * or `/EFCTZZ+CMBX12` is not `/JS` or `/EF`, and one is in about every tenth PDF made by TeX.
 */
export const PREFIX_NAMES: ReadonlySet<string> = new Set(['RichMedia']);

/**
 * One letter of each name, chosen among its rarest in the dictionaries of real object streams
 * (measured on TeX, LibreOffice and Word output: J, E, U, M, j and h are rare, `/` is the
 * commonest byte there is). A native search jumps from one anchor to the next; only there does
 * the code compare bytes, so the cost is that of a memchr per anchor, not a step per byte.
 */
const ANCHORS: ReadonlyMap<number, readonly { bytes: Uint8Array; offset: number; prefix: boolean }[]> =
  (() => {
    const letters: Record<string, string> = {
      JS: 'J',
      JavaScript: 'J',
      Launch: 'h',
      ImportData: 'm',
      SubmitForm: 'm',
      RichMedia: 'M',
      GoToR: 'G',
      GoToE: 'G',
      Thread: 'h',
      EF: 'E',
      Encrypt: 'E',
      EmbeddedFile: 'E',
      XFA: 'F',
      Filespec: 'F',
      FS: 'F',
      UF: 'U',
      ObjStm: 'j',
    };
    const map = new Map<number, { bytes: Uint8Array; offset: number; prefix: boolean }[]>();
    for (const name of RELEVANT_NAMES) {
      const letter = letters[name] as string;
      const anchor = letter.charCodeAt(0);
      const list = map.get(anchor) ?? [];
      // The offset of the anchor in `/Name`: the slash is at anchor - offset.
      list.push({
        bytes: Buffer.from(`/${name}`, 'latin1'),
        offset: name.indexOf(letter) + 1,
        prefix: PREFIX_NAMES.has(name),
      });
      map.set(anchor, list);
    }
    return map;
  })();

const HASH = 0x23;

/**
 * Offsets in `bytes` where a relevant name (`/JS`, `/Launch`, … as raw bytes, whole but for
 * {@link PREFIX_NAMES}) or a `#` occurs, in ascending order. Complete by construction: every
 * occurrence of `/Name` has its anchor letter at a fixed distance from the slash, and every
 * anchor is visited.
 */
export function findNameMarks(bytes: Uint8Array): number[] {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const marks: number[] = [];
  for (const [anchor, names] of ANCHORS)
    for (let i = buf.indexOf(anchor); i !== -1; i = buf.indexOf(anchor, i + 1))
      for (const { bytes: name, offset, prefix } of names) {
        const start = i - offset;
        if (start < 0 || start + name.length > buf.length) continue;
        let k = 0;
        while (k < name.length && buf[start + k] === name[k]) k++;
        // Whole (a delimiter, whitespace or the end after it), but for the prefix names.
        if (k === name.length && (prefix || CHAR_CLASS[buf[start + k] as number] !== 0)) {
          marks.push(start);
          break;
        }
      }
  for (let i = buf.indexOf(HASH); i !== -1; i = buf.indexOf(HASH, i + 1)) marks.push(i);
  return marks.sort((a, b) => a - b);
}
