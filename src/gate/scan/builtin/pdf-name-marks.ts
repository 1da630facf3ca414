/**
 * The names an object must contain for the PDF check to act on it: an action, a name tree of
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
 * One letter of each name, chosen among its rarest in the dictionaries of real object streams
 * (measured on TeX, LibreOffice and Word output: J, E, U, M, j and h are rare, `/` is the
 * commonest byte there is). A native search jumps from one anchor to the next; only there does
 * the code compare bytes, so the cost is that of a memchr per anchor, not a step per byte.
 */
const ANCHORS: ReadonlyMap<number, readonly { bytes: Uint8Array; offset: number }[]> = (() => {
  const letters: Record<string, string> = {
    JS: 'J',
    JavaScript: 'J',
    Launch: 'h',
    ImportData: 'm',
    SubmitForm: 'm',
    RichMedia: 'M',
    GoToR: 'G',
    EF: 'E',
    Encrypt: 'E',
    EmbeddedFile: 'E',
    XFA: 'F',
    Filespec: 'F',
    FS: 'F',
    UF: 'U',
    ObjStm: 'j',
  };
  const map = new Map<number, { bytes: Uint8Array; offset: number }[]>();
  for (const name of RELEVANT_NAMES) {
    const letter = letters[name] as string;
    const anchor = letter.charCodeAt(0);
    const list = map.get(anchor) ?? [];
    // The offset of the anchor in `/Name`: the slash is at anchor - offset.
    list.push({ bytes: Buffer.from(`/${name}`, 'latin1'), offset: name.indexOf(letter) + 1 });
    map.set(anchor, list);
  }
  return map;
})();

const HASH = 0x23;

/**
 * Offsets in `bytes` where a relevant name (`/JS`, `/Launch`, … as raw bytes, possibly the start
 * of a longer name) or a `#` occurs, in ascending order. Complete by construction: every
 * occurrence of `/Name` has its anchor letter at a fixed distance from the slash, and every
 * anchor is visited. It may also mark names that only begin with a relevant one (`/JSX`): the
 * caller parses those objects and finds nothing, which costs time, never a detection.
 */
export function findNameMarks(bytes: Uint8Array): number[] {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const marks: number[] = [];
  for (const [anchor, names] of ANCHORS)
    for (let i = buf.indexOf(anchor); i !== -1; i = buf.indexOf(anchor, i + 1))
      for (const { bytes: name, offset } of names) {
        const start = i - offset;
        if (start < 0 || start + name.length > buf.length) continue;
        let k = 0;
        while (k < name.length && buf[start + k] === name[k]) k++;
        if (k === name.length) {
          marks.push(start);
          break;
        }
      }
  for (let i = buf.indexOf(HASH); i !== -1; i = buf.indexOf(HASH, i + 1)) marks.push(i);
  return marks.sort((a, b) => a - b);
}
