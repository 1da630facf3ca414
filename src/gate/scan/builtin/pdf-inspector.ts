import {
  ACTIONS,
  fileSpecNames,
  isNetworkFileSpec,
  judgeDict,
  type PdfFinding,
  REMOTE_TARGETS,
} from './pdf-actions.js';
import { decodeStream, PdfDecodeError } from './pdf-filters.js';
import { CHAR_CLASS, decodePdfName } from './pdf-lexer.js';
import { findNameMarks } from './pdf-name-marks.js';
import { isDict, isName, isRef, isString, type PdfDict, PdfParser, type PdfValue } from './pdf-parser.js';
import {
  directLength,
  ENDOBJ,
  endobjEnd,
  isStreamAt,
  type ObjectHeader,
  objectHeaderEnd,
  plainObjectEnd,
  streamDataStart,
  xrefTableEnd,
} from './pdf-plain-object.js';
import { type Hit, reject } from './types.js';

const ENDSTREAM = Buffer.from('endstream');
const OBJ = Buffer.from('obj');
/** The largest object body stepped over unparsed; larger ones are parsed (rare, and no gain). */
const MAX_PLAIN_OBJECT = 64 * 1024;
/** Bytes kept from one chunk to the next to find an `obj` keyword cut between them. */
const OBJ_TAIL = OBJ.length - 1;
/** An object stream larger than this (compressed) is refused rather than held in memory. */
const MAX_OBJSTM_BYTES = 16 * 1024 * 1024;
/**
 * Bytes read for an object found outside the top level (hidden in stream data or a string): a
 * first window, grown fourfold while the object goes on, up to a limit for one object and one
 * for all of them, past which the PDF is refused as unscannable.
 */
const HIDDEN_WINDOW = 64 * 1024;
const MAX_HIDDEN_OBJECT = 4 * 1024 * 1024;
const MAX_HIDDEN_TOTAL = 64 * 1024 * 1024;
const MAX_HIDDEN = 10_000;
/**
 * `N G obj` headers kept for the hidden-object search (top-level ones included): 8 MB of offsets.
 * A PDF with more is refused as unscannable, not searched in part: past the limit, a header hidden
 * in stream data would go unseen (a 22 MB file of a million tiny objects could hide an action).
 */
const MAX_HEADERS = MAX_HIDDEN * 100;
/** Bytes read back to find where one object header cut by a chunk starts, and for all of them. */
const MAX_READ_BACK = 1024 * 1024;
const MAX_READ_BACK_TOTAL = 64 * 1024 * 1024;
const MAX_STREAMS = 200_000;
/** Damaged regions kept, and bytes of each searched for action names. */
const MAX_DAMAGED = 1000;
/**
 * The tail of stream data before any is read: one shared empty buffer (tails are replaced, never
 * written), since a new one per stream cost 2 % of a pass over the pdfTeX manuals.
 */
const NO_TAIL = Buffer.alloc(0);
const DAMAGED_WINDOW = 1024 * 1024;
/** What a name found in damaged bytes would do in a reader that repairs the file. */
const DAMAGED_NAMES: Readonly<Record<string, PdfFinding>> = {
  ...ACTIONS,
  JS: { rule: 'pdf-javascript', what: 'JavaScript' },
};

/**
 * Names in `bytes` outside literal strings and comments, `#xx` decoded. A plain scan with no
 * structure: for bytes the parser could not read as dictionaries.
 */
function namesOutsideStrings(bytes: Uint8Array): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (depth > 0) {
      if (b === 0x5c) i++;
      else if (b === 0x28) depth++;
      else if (b === 0x29) depth--;
    } else if (b === 0x28) depth = 1;
    else if (b === 0x25) while (i + 1 < bytes.length && bytes[i + 1] !== 0x0a && bytes[i + 1] !== 0x0d) i++;
    else if (b === 0x2f) {
      let j = i + 1;
      while (j < bytes.length && CHAR_CLASS[bytes[j] as number] === 0) j++;
      names.push(decodePdfName(Buffer.from(bytes.subarray(i + 1, j)).toString('latin1')));
      i = j - 1;
    }
  }
  return names;
}
/** The index before the run of whitespace that ends at `i` in `buf` (`i` when there is none). */
function spacesBack(buf: Uint8Array, i: number): number {
  while (i >= 0 && CHAR_CLASS[buf[i] as number] === 1) i--;
  return i;
}
/** The index before the run of decimal digits that ends at `i` in `buf` (`i` when there is none). */
function digitsBack(buf: Uint8Array, i: number): number {
  while (i >= 0 && (buf[i] as number) >= 0x30 && (buf[i] as number) <= 0x39) i--;
  return i;
}

/** PDF's whitespace characters (ISO 32000-1 §7.2.2), runs of them. */
const PDF_WHITESPACE = /[\0\t\n\f\r ]+/;

/** {@link headerStart}: no `N G` before the `obj`. */
const NO_HEADER = -1;
/** {@link headerStart}: the `N G` before the `obj` runs to the first byte of the bytes given. */
const CUT = -2;

const PERCENT = 0x25;
const isEol = (b: number | undefined) => b === 0x0a || b === 0x0d;
function eolIn(buf: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k <= to; k++) if (isEol(buf[k])) return true;
  return false;
}

/**
 * The index before the gap between two tokens that ends at `i` in `buf`: whitespace and comments,
 * as a reader's lexer skips them (`9 0 %note` + line end + `obj`); `i` when there is no gap, -1
 * when it runs back to `buf`'s first byte. A comment runs from the first `%` of its line.
 */
function gapBack(buf: Uint8Array, i: number): number {
  let j = spacesBack(buf, i);
  // Whitespace that crossed a line end may have ended a comment on the line before it.
  while (j >= 0 && j < i && eolIn(buf, j + 1, i)) {
    let lineStart = j;
    while (lineStart >= 0 && !isEol(buf[lineStart])) lineStart--;
    // The line may begin before the bytes given: what it holds is not known here.
    if (lineStart < 0) return buf.subarray(0, j + 1).includes(PERCENT) ? -1 : j;
    const percent = buf.subarray(lineStart + 1, j + 1).indexOf(PERCENT);
    if (percent === -1) break;
    i = lineStart + percent;
    j = spacesBack(buf, i - 1);
  }
  return j;
}

/** The index before a number that ends at `i`: its digits and an optional sign (`+0`, as readers read it). */
function numberBack(buf: Uint8Array, i: number): number {
  const j = digitsBack(buf, i);
  if (j === i || j < 0) return j;
  return buf[j] === 0x2b || buf[j] === 0x2d ? j - 1 : j;
}

/**
 * Where the `N G` before an `obj` at `at` in `buf` starts (its number's first character; a
 * cross-reference offset points there, whatever comes before it): back over whitespace, the
 * generation, whitespace and the number, each required, a number perhaps signed (`+0`, as
 * readers read it). Failing that, with comments counted as whitespace (`9 0 %note` + line end +
 * `obj`): a reader that starts at the number skips them. The plain reading comes first, since a
 * reader that jumps to `9` in `% 9 0` + line end + `obj` never sees the `%`. {@link CUT} when a
 * run reaches `buf`'s first byte, so that earlier bytes decide, unless `buf` starts the file
 * (`fileStart`).
 */
function headerStart(buf: Uint8Array, at: number, fileStart = false): number {
  const plain = headerStartOver(buf, at, fileStart, spacesBack);
  return plain === NO_HEADER ? headerStartOver(buf, at, fileStart, gapBack) : plain;
}

function headerStartOver(
  buf: Uint8Array,
  at: number,
  fileStart: boolean,
  gap: (buf: Uint8Array, i: number) => number,
): number {
  const cut = fileStart ? NO_HEADER : CUT;
  if (at === 0) return cut;
  const space1 = gap(buf, at - 1);
  if (space1 === at - 1) return NO_HEADER;
  if (space1 === -1) return cut;
  const gen = numberBack(buf, space1);
  if (gen === space1) return NO_HEADER;
  if (gen === -1) return cut;
  const space2 = gap(buf, gen);
  if (space2 === gen) return NO_HEADER;
  if (space2 === -1) return cut;
  const num = numberBack(buf, space2);
  if (num === space2) return NO_HEADER;
  // A number that starts the file starts there.
  if (num === -1) return fileStart ? 0 : CUT;
  return num + 1;
}

/**
 * A stream's dictionary, or where it lies in the file ([start, end)) when it was stepped over
 * unread: read only if the stream is needed (an XFA form, a hybrid PDF's document).
 */
type StreamDict = PdfDict | readonly [number, number];
const wasRead = (dict: StreamDict): dict is PdfDict => dict instanceof Map;

interface StreamInfo {
  readonly start: number;
  /** Where the data ends: at `/Length` when that fits before `endstream`; at `endstream` for a dictionary not read yet. */
  readonly end: number;
  readonly dict: StreamDict;
}

/** Where a stream's data ends: at its `/Length` when that fits before `endstream` (at `endAt`), else at `endstream`. */
function dataEnd(dict: PdfDict, start: number, endAt: number): number {
  const length = dict.get('Length');
  return typeof length === 'number' && length >= 0 && start + length <= endAt ? start + length : endAt;
}

/**
 * The index of the `endstream` keyword that follows `length` bytes of data at the start of
 * `data` (after whitespace: the end of line before it), or -1 when it is not there (a length
 * unknown, wrong, or past these bytes), and the data is searched for `endstream` instead. Where a
 * reader finds the stream's end by its length, an `endstream` inside the data ends nothing.
 */
function endstreamAt(data: Buffer, length: number): number {
  if (length < 0 || length >= data.length) return -1;
  let k = length;
  while (k < data.length && CHAR_CLASS[data[k] as number] === 1) k++;
  return data.indexOf(ENDSTREAM, k) === k ? k : -1;
}

/** What {@link readHiddenObject} read of one object hidden in other data. */
interface HiddenObject {
  /** Its dictionaries, nested ones first, with its number. */
  readonly dicts: [PdfDict, number][];
  /** Whether it ended (`endobj`) or reached its stream data within the bytes read. */
  readonly finished: boolean;
  /** Its number, when it is an object stream. */
  readonly objectStream: number | null;
  /** Its number, when it is a stream (whose data a cross-reference table may name for a form or an attachment). */
  readonly stream: number | null;
  /** The bytes read of it, when its syntax breaks. */
  readonly damaged: Uint8Array | null;
}

/**
 * Reads the object whose header is at file offset `at`, from `window` (the bytes from there): up to the
 * `endobj` that ends it (not one inside a string, which a reader reads as text), or its `stream`
 * keyword, where the parser pauses.
 */
function readHiddenObject(at: number, window: Uint8Array): HiddenObject {
  const dicts: [PdfDict, number][] = [];
  let ended = false;
  let damaged = false;
  let objectStream: number | null = null;
  let stream: number | null = null;
  let paused = false;
  const parser = new PdfParser({
    damaged: () => {
      damaged = true;
    },
    dict: (dict, o) => dicts.push([dict, o]),
    stream: (o, dict) => {
      if (isName(dict.get('Type'), 'ObjStm')) objectStream = o;
      stream = o;
      paused = true;
      return true;
    },
    object: () => {
      ended = true;
    },
  });
  const bytes = Buffer.from(window.buffer, window.byteOffset, window.byteLength);
  let from = 0;
  while (from < bytes.length && !ended) {
    const keyword = bytes.indexOf(ENDOBJ, from);
    // With the byte after it, so that the lexer sees the keyword end.
    const until = keyword === -1 ? bytes.length : Math.min(bytes.length, keyword + ENDOBJ.length + 1);
    if (parser.lexer.push(bytes, at, from, until) < until) break;
    from = until;
  }
  const finished = ended || paused;
  if (!finished) parser.end(at + bytes.length);
  return { dicts, finished, objectStream, stream, damaged: damaged ? bytes.subarray(0, from) : null };
}

/** What the inspector needs from its caller once the whole file has streamed through. */
export interface PdfFinishContext {
  /** Bytes [start, end) of the file. */
  read(start: number, end: number): Promise<Uint8Array>;
  /**
   * Inspects an embedded file as an upload of its own; returns its hits. With `part`, the file is
   * a part of the PDF (a hybrid PDF's own document) rather than an attachment: what it carries
   * counts, not whether its type is on the allowlist.
   */
  inspectEmbedded(name: string, bytes: Uint8Array, part?: boolean): Promise<Hit[]>;
}

/** A file specification dictionary (§7.11.3), as a GoToR may point at one. */
const isFileSpec = (v: PdfValue | undefined): v is PdfDict =>
  isDict(v) && (isName(v.get('Type'), 'Filespec') || v.has('UF') || v.has('FS') || isString(v.get('F')));
const objName = (obj: number) => (obj >= 0 ? `object ${obj}` : 'the trailer');

/**
 * Finds what a PDF would run or reach while its bytes stream through, reading its structure:
 * names count only as dictionary keys and values (never inside strings or content streams),
 * object streams are decoded (Flate, LZW, ASCIIHex, ASCII85, RunLength) and read too, and an
 * `N G obj` found anywhere else (inside stream data, where a cross-reference table can point)
 * is read as an object as well. Refuses JavaScript, Launch, ImportData, SubmitForm, RichMedia,
 * GoToR to another computer, XFA forms with scripts and embedded files that are not accepted;
 * every finding names its object. Memory stays flat except for one object stream at a time.
 */
/**
 * The values of `wanted` that are not in `have`, each once, ascending. Both lists are filled in
 * about file order (headers found chunk by chunk, objects read one after another), so sorting
 * them is mostly a check; arrays cost a fraction of what sets did on PDFs of 50,000 objects.
 */
export function notIn(have: readonly number[], wanted: readonly number[]): number[] {
  const a = ascending(have);
  const b = ascending(wanted);
  const out: number[] = [];
  let i = 0;
  for (let k = 0; k < b.length; k++) {
    const v = b[k] as number;
    if (k > 0 && v === b[k - 1]) continue;
    while (i < a.length && (a[i] as number) < v) i++;
    if (i === a.length || a[i] !== v) out.push(v);
  }
  return out;
}

function ascending(values: readonly number[]): ArrayLike<number> {
  for (let i = 1; i < values.length; i++)
    if ((values[i] as number) < (values[i - 1] as number)) return Float64Array.from(values).sort();
  return values;
}

export class PdfInspector {
  private readonly found = new Map<string, { hit: PdfFinding; objects: number[] }>();
  private readonly problems = new Map<string, Hit>();
  private readonly parser: PdfParser;
  private offset = 0;
  private mode: 'tokens' | 'eol' | 'data' = 'tokens';
  /** Whether the `stream` keyword before the data ended with a CR, which an LF may follow. */
  private afterCr = false;
  private stream: {
    obj: number;
    dict: StreamDict;
    start: number;
    /** The data's length as its dictionary gives it directly, or -1. */
    length: number;
    parts: Uint8Array[] | null;
    size: number;
  } | null = null;
  private tail: Buffer = NO_TAIL;
  private objTail: Buffer = Buffer.alloc(0);
  /**
   * The streams kept, by object number: every copy of a number given twice, since which one a
   * reader takes depends on the reader (the cross-reference table may name the first).
   */
  private readonly streams = new Map<number, StreamInfo[]>();
  private streamCount = 0;
  /** Numbers of streams found hidden inside other data, whose data the check did not keep. */
  private readonly hiddenStreams = new Set<number>();
  /** Where `N G obj` headers start in the raw bytes, in about file order (see {@link notIn}). */
  private readonly candidates: number[] = [];
  /** File offsets of `obj` keywords whose header runs back past the start of their chunk. */
  private readonly cutHeaders = new Set<number>();
  /** Set when a header was found past {@link MAX_HEADERS} (or cut past {@link MAX_HIDDEN}) and not kept. */
  private headersDropped = false;
  /** Where the objects the parser or the stepping read start, in about file order. */
  private readonly starts: number[] = [];
  private readonly fileSpecs = new Map<number, PdfValue>();
  private readonly embeddedNames = new Map<number, string>();
  /** Streams of `/AdditionalStreams` (LibreOffice's hybrid PDF: the editable document itself), by object. */
  private readonly hybridParts = new Map<number, string>();
  private streamsDropped = false;
  private readonly remoteTargets: { obj: number; target: number }[] = [];
  // An action type given by reference (`/S 12 0 R`, object 12 being `/Launch`): readers resolve it.
  private readonly typeRefs: { obj: number; target: number }[] = [];
  private readonly actionNames = new Map<number, PdfFinding>();
  private readonly xfa = new Set<number>();
  /** Byte ranges of the file whose syntax is broken, where dictionaries may have been lost. */
  private readonly damaged: [number, number][] = [];
  /** Set when more than {@link MAX_DAMAGED} ranges were damaged: the rest were not kept to be read. */
  private damagedDropped = false;
  /** Set when the object of an object stream being parsed has broken syntax. */
  private objStmDamaged = false;
  private encrypted = false;
  private gotoR = false;
  private objectStreams = 0;

  /** Reads the objects of every object stream, one after another. */
  private readonly objStmParser: PdfParser;

  /**
   * `stepsOver` false reads every byte outside stream data through the lexer, ends every stream
   * at the first `endstream`, and parses every object of an object stream, not only those its
   * name marks point at: the reference that tests hold the faster way to (the same findings on
   * any file whose stream data holds no `endstream` of its own).
   */
  constructor(
    private readonly budget: { expandedBytes: number },
    private readonly maxExpanded: number,
    private readonly stepsOver = true,
  ) {
    this.parser = this.newParser(true);
    this.objStmParser = this.newParser(false);
  }

  /** `fileOffsets`: the parser reads the file itself, so a damaged range can be read again. */
  private newParser(fileOffsets: boolean): PdfParser {
    return new PdfParser(
      {
        damaged: (start, end) => {
          if (!fileOffsets) this.objStmDamaged = true;
          else if (this.damaged.length < MAX_DAMAGED) this.damaged.push([start, end]);
          else this.damagedDropped = true;
        },
        dict: (dict, o) => this.onDict(dict, o),
        object: (o, value, at) => {
          if (at >= 0) this.starts.push(at);
          this.onObject(o, value);
        },
        stream: (o, dict, eol) => this.onStream(o, dict, eol),
        trailer: (dict) => {
          if (dict.has('Encrypt')) this.encrypted = true;
        },
      },
      -1,
      // Only the file's own top level pauses at objects: an object stream's are filtered by marks.
      fileOffsets && this.stepsOver,
    );
  }

  push(chunk: Uint8Array): void {
    this.findObjectStarts(chunk);
    let i = 0;
    while (i < chunk.length) {
      if (this.mode === 'tokens') {
        i = this.parser.lexer.push(chunk, this.offset, i);
        // Paused after `N G obj`: a plain body with nothing to act on is stepped over.
        if (this.mode === 'tokens' && this.parser.atObjectStart) i = this.skipPlainObjects(chunk, i);
      } else if (this.mode === 'eol') {
        // `stream` is followed by CRLF or LF (§7.3.8.1); the lexer consumed the CR or the LF.
        if (this.afterCr && chunk[i] === 0x0a) i++;
        this.mode = 'data';
        if (this.stream !== null) this.stream = { ...this.stream, start: this.offset + i };
      } else i = this.pushData(chunk, i);
    }
    this.offset += chunk.length;
  }

  /**
   * Steps over the body of the object that starts at `i` when {@link plainObjectEnd} finds that it
   * cannot matter to the check (it ends within this chunk, with no string, comment, trailer or
   * name the check acts on), and over each plain object after it, reading their headers here
   * rather than through the lexer. Writers that tag their PDFs for accessibility (Chrome, Word)
   * leave tens of thousands of such small dictionaries uncompressed, one after another, and most
   * PDFs hold thousands of font and page-content streams: building each dictionary cost most of
   * the scan. A stream's dictionary is kept as a byte range, read if the stream is ever needed,
   * and its data goes on as any other's. Returns where to go on: at the data of a stream stepped
   * into, before the first object that is not plain (its header is read again), or at the end of
   * the chunk.
   */
  private skipPlainObjects(chunk: Uint8Array, i: number): number {
    this.parser.atObjectStart = false;
    return this.stepOver(chunk, i, this.parser.objectNumber, this.parser.objectOffset, i);
  }

  /**
   * After a stream's data: its `endobj`, and the plain objects after it, are read here rather
   * than through the lexer (most PDFs are mostly streams, one after another). Returns where the
   * lexer goes on.
   */
  private afterStream(chunk: Uint8Array, i: number): number {
    const end = this.stepsOver ? endobjEnd(chunk, i) : -1;
    if (end === -1) return i;
    // The object ends here, as the parser would end it at this `endobj`.
    this.parser.skipObject();
    return this.nextObjects(chunk, end);
  }

  /**
   * From `resume`, just after an `endobj`: steps over the plain objects that follow it, or over
   * the cross-reference table when that comes next.
   */
  private nextObjects(chunk: Uint8Array, resume: number): number {
    const body = objectHeaderEnd(chunk, resume, this.header);
    if (body === -1) return this.pastXrefTable(chunk, resume);
    return this.stepOver(chunk, body, this.header.num, this.offset + this.header.start, resume);
  }

  /** Where the lexer goes on from `resume`: past the cross-reference table that starts there, if one does. */
  private pastXrefTable(chunk: Uint8Array, resume: number): number {
    const table = xrefTableEnd(chunk, resume);
    return table === -1 ? resume : table;
  }

  /**
   * Steps over object `obj` (header at file offset `at`, body at `body`) if it is plain, then over
   * the plain objects after it; `resume` is where the lexer goes on if this one is not plain.
   */
  private stepOver(chunk: Uint8Array, body: number, obj: number, at: number, resume: number): number {
    const header = this.header;
    for (;;) {
      const end = plainObjectEnd(chunk, body, MAX_PLAIN_OBJECT);
      if (end === -1) return resume;
      const isStream = isStreamAt(chunk, end);
      const data = isStream ? streamDataStart(chunk, end) : -1;
      if (isStream && data === -1) return resume;
      this.parser.skipObject();
      if (at >= 0) this.starts.push(at);
      if (data !== -1) {
        const dict = [this.offset + body, this.offset + end] as const;
        const length = directLength(chunk, body, end);
        this.stream = { obj, dict, start: this.offset + data, length, parts: null, size: 0 };
        this.mode = 'data';
        return data;
      }
      resume = end + ENDOBJ.length;
      body = objectHeaderEnd(chunk, resume, header);
      if (body === -1) return this.pastXrefTable(chunk, resume);
      obj = header.num;
      at = this.offset + header.start;
    }
  }

  private readonly header: ObjectHeader = { num: 0, start: 0 };

  private note(hit: PdfFinding, obj: number): void {
    const entry = this.found.get(hit.rule);
    if (entry === undefined) this.found.set(hit.rule, { hit, objects: [obj] });
    else if (entry.objects.length < 50 && !entry.objects.includes(obj)) entry.objects.push(obj);
  }

  private problem(rule: string, detail: string): void {
    if (!this.problems.has(rule)) this.problems.set(rule, reject(rule, detail));
  }

  private onObject(obj: number, value: PdfValue): void {
    if (isFileSpec(value)) this.fileSpecs.set(obj, value);
    const action = isName(value) ? ACTIONS[value.n] : undefined;
    if (action !== undefined) this.actionNames.set(obj, action);
  }

  private onDict(dict: PdfDict, obj: number): void {
    const type = dict.get('S');
    if (isRef(type)) this.typeRefs.push({ obj, target: type.r });
    const { findings, remoteTarget } = judgeDict(dict);
    for (const f of findings) this.note(f, obj);
    if (remoteTarget !== undefined) this.remoteTargets.push({ obj, target: remoteTarget });
    if (isName(type) && REMOTE_TARGETS.has(type.n)) this.gotoR = true;
    if (dict.has('Encrypt') && isName(dict.get('Type'), 'XRef')) this.encrypted = true;
    const ef = dict.get('EF');
    if (isDict(ef)) {
      const name = fileSpecNames(dict)[0] ?? '';
      for (const v of ef.values()) if (isRef(v)) this.embeddedNames.set(v.r, name);
    } else if (isRef(ef))
      // A dictionary of its own, which the check does not look up: its streams would go unjudged.
      this.problem(
        'pdf-embedded-file',
        `The PDF names its attached files through another object (${objName(obj)} points to object ${ef.r}), which the check does not follow.`,
      );
    const extra = dict.get('AdditionalStreams');
    // [/mime-type stream …] in the trailer: LibreOffice opens that document instead of the PDF.
    if (Array.isArray(extra))
      extra.forEach((v, i) => {
        const mime = extra[i - 1];
        if (isRef(v)) this.hybridParts.set(v.r, isName(mime) ? mime.n : 'document');
      });
    const xfa = dict.get('XFA');
    if (isRef(xfa)) this.xfa.add(xfa.r);
    else if (Array.isArray(xfa)) for (const v of xfa) if (isRef(v)) this.xfa.add(v.r);
  }

  private onStream(obj: number, dict: PdfDict, eol: number): boolean {
    const objStm = isName(dict.get('Type'), 'ObjStm');
    this.mode = 'eol';
    this.afterCr = eol === 0x0d;
    const length = dict.get('Length');
    this.stream = {
      obj,
      dict,
      start: this.offset,
      length: typeof length === 'number' ? length : -1,
      parts: objStm ? [] : null,
      size: 0,
    };
    return true;
  }

  /** Records where each `N G obj` starts in the raw bytes, wherever the parser is. */
  private findObjectStarts(chunk: Uint8Array): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // The seam: an `obj` keyword cut in two between earlier chunks and this one, however small
    // the chunks (its header is settled later, as every header that runs back past a chunk's
    // start is). Those that start in this chunk are found below.
    const tail = this.objTail.length;
    if (tail > 0) {
      const seam = Buffer.concat([this.objTail, buf.subarray(0, OBJ.length)]);
      this.objStarts(seam, this.offset - tail, tail, tail);
    }
    this.objStarts(buf, this.offset, 0);
    // The last bytes of everything so far, not just of this chunk: a chunk can be one byte long.
    this.objTail =
      buf.length >= OBJ_TAIL
        ? Buffer.from(buf.subarray(buf.length - OBJ_TAIL))
        : Buffer.from(Buffer.concat([this.objTail, buf]).subarray(-OBJ_TAIL));
  }

  /**
   * Records `N G obj` in `buf` (at `base` in the file) whose `obj` ends at or after `from`, and
   * (for the seam) starts before `objBefore`. One whose whitespace or numbers
   * run to `buf`'s first byte is settled once the file is read ({@link settleCutHeaders}): the
   * whitespace between them may be any length, and a header cut across two chunks could
   * otherwise hide an object from the search.
   */
  private objStarts(buf: Buffer, base: number, from: number, objBefore = Number.POSITIVE_INFINITY): void {
    for (let at = buf.indexOf(OBJ, Math.max(0, from - 2)); at !== -1; at = buf.indexOf(OBJ, at + 3)) {
      if (at + 3 <= from) continue;
      if (at >= objBefore) break;
      const after = buf[at + 3];
      if (after !== undefined && CHAR_CLASS[after] === 0) continue;
      const start = headerStart(buf, at, base === 0);
      if (start === NO_HEADER) continue;
      if (start === CUT) {
        if (this.cutHeaders.size < MAX_HIDDEN) this.cutHeaders.add(base + at);
        else this.headersDropped = true;
      } else this.keepHeader(base + start);
    }
  }

  /** Keeps a header's offset for the hidden-object search, or notes that one went unkept. */
  private keepHeader(at: number): void {
    if (this.candidates.length < MAX_HEADERS) this.candidates.push(at);
    else this.headersDropped = true;
  }

  /**
   * Finds where each header cut by a chunk's start begins, reading back as far as its whitespace
   * goes: up to {@link MAX_READ_BACK} for one header and {@link MAX_READ_BACK_TOTAL} for all, past
   * which the PDF is refused as unscannable rather than read on (no writer puts a megabyte of
   * whitespace in a header; a file built to make the check read gigabytes back could).
   */
  private async settleCutHeaders(ctx: PdfFinishContext): Promise<void> {
    let total = 0;
    for (const obj of this.cutHeaders)
      for (let back = 1024; ; back *= 4) {
        const from = Math.max(0, obj - Math.min(back, MAX_READ_BACK));
        total += obj - from;
        if (total > MAX_READ_BACK_TOTAL) {
          this.problem(
            'pdf-unscannable',
            'The PDF has object headers in more whitespace than the check reads.',
          );
          return;
        }
        const start = headerStart(await ctx.read(from, obj), obj - from, from === 0);
        if (start >= 0) this.keepHeader(from + start);
        if (start !== CUT || from === 0) break;
        if (back >= MAX_READ_BACK) {
          this.problem(
            'pdf-unscannable',
            'The PDF has an object header in more whitespace than the check reads.',
          );
          break;
        }
      }
  }

  private pushData(chunk: Uint8Array, start: number): number {
    const stream = this.stream;
    const rest = Buffer.from(chunk.buffer, chunk.byteOffset + start, chunk.length - start);
    // Where `endstream` starts, relative to `rest` (negative when it began in an earlier chunk),
    // or null while it is not in sight. Where `/Length` says, when `endstream` is there and the
    // data starts in this chunk: no search.
    let end: number | null = null;
    if (this.stepsOver && stream !== null && stream.start === this.offset + start) {
      const at = endstreamAt(rest, stream.length);
      if (at !== -1) end = at;
    }
    if (end === null) {
      // `endstream` may straddle two chunks: look across the seam first. The seam matters only
      // when the previous chunk ended inside this stream's data.
      const s =
        this.tail.length === 0
          ? -1
          : Buffer.concat([this.tail, rest.subarray(0, ENDSTREAM.length)]).indexOf(ENDSTREAM);
      // From the seam, -1 is a keyword begun on the last byte of the last chunk.
      if (s !== -1 && s < this.tail.length) end = s - this.tail.length;
      else {
        const at = rest.indexOf(ENDSTREAM);
        if (at !== -1) end = at;
      }
    }
    const data = end === null ? rest : rest.subarray(0, Math.max(0, end));
    if (stream?.parts) {
      stream.size += data.length;
      if (stream.size > MAX_OBJSTM_BYTES) {
        this.problem('pdf-unscannable', 'The PDF has an object stream too large to inspect.');
        stream.parts = null;
      } else stream.parts.push(data);
    }
    if (end === null) {
      // The last bytes of the data so far, however small the chunks that brought them.
      this.tail =
        rest.length >= ENDSTREAM.length
          ? Buffer.from(rest.subarray(rest.length - ENDSTREAM.length))
          : Buffer.from(Buffer.concat([this.tail, rest]).subarray(-ENDSTREAM.length));
      return chunk.length;
    }
    this.tail = NO_TAIL;
    this.endStream(this.offset + start + end);
    // An `endstream` begun in an earlier chunk (end < 0) ends that many bytes into this one.
    return this.afterStream(chunk, start + end + ENDSTREAM.length);
  }

  private endStream(endAt: number): void {
    this.mode = 'tokens';
    const stream = this.stream;
    this.stream = null;
    if (stream === null) return;
    const { dict } = stream;
    const end = wasRead(dict) ? dataEnd(dict, stream.start, endAt) : endAt;
    if (this.streamCount < MAX_STREAMS || (wasRead(dict) && isName(dict.get('Type'), 'EmbeddedFile'))) {
      const copies = this.streams.get(stream.obj);
      const info = { start: stream.start, end, dict };
      if (copies === undefined) this.streams.set(stream.obj, [info]);
      else copies.push(info);
      this.streamCount++;
    } else this.streamsDropped = true;
    if (stream.parts !== null) {
      // Views of the chunks (a subject's chunks are never reused): one part is read in place.
      const all = stream.parts.length === 1 ? (stream.parts[0] as Buffer) : Buffer.concat(stream.parts);
      // Only a dictionary that was read names an object stream.
      if (wasRead(dict))
        this.objectStream(stream.obj, dict, all.subarray(0, Math.min(all.length, end - stream.start)));
    }
  }

  private decode(data: Uint8Array, dict: PdfDict, what: string): Uint8Array | null {
    if (this.encrypted) {
      this.problem('pdf-encrypted', `The PDF is encrypted, so its ${what} cannot be inspected.`);
      return null;
    }
    try {
      const out = decodeStream(data, dict, this.maxExpanded - this.budget.expandedBytes);
      this.budget.expandedBytes += out.length;
      return out;
    } catch (error) {
      if (!(error instanceof PdfDecodeError)) throw error;
      this.problem(
        'pdf-unscannable',
        error.tooBig
          ? `The PDF's ${what} expands beyond the ${this.maxExpanded}-byte limit.`
          : `The PDF's ${what} cannot be read: it ${error.message}.`,
      );
      return null;
    }
  }

  /** Reads the objects of an object stream (§7.5.7): N pairs "number offset", then the objects from /First. */
  private objectStream(obj: number, dict: PdfDict, data: Uint8Array): void {
    this.objectStreams++;
    const bytes = this.decode(data, dict, `object stream (object ${obj})`);
    if (bytes === null) return;
    const first = dict.get('First');
    const n = dict.get('N');
    if (typeof first !== 'number' || typeof n !== 'number' || first > bytes.length) {
      this.problem('pdf-unscannable', `The PDF has a damaged object stream (object ${obj}).`);
      return;
    }
    // Most objects (pages, fonts, links, outlines) hold nothing this check acts on: parse only
    // those whose bytes name something it does, found by a native search over the stream. Most
    // object streams have no such object, and their header is never read.
    // Without stepping over (the tests' reference), every object is parsed.
    const marks = this.stepsOver ? findNameMarks(bytes) : null;
    if (marks !== null && marks.length === 0) return;
    // Split on PDF's own whitespace (NUL counts, as readers' lexers have it; NBSP does not).
    const header = Buffer.from(bytes.subarray(0, first))
      .toString('latin1')
      .split(PDF_WHITESPACE)
      .filter((word) => word !== '')
      .map(Number);
    const entries: [number, number][] = [];
    for (let i = 0; i + 1 < Math.min(header.length, 2 * n); i += 2)
      entries.push([header[i] as number, first + (header[i + 1] as number)]);
    entries.sort((a, b) => a[1] - b[1]);
    const parser = this.objStmParser;
    let next = 0;
    entries.forEach(([num, at], k) => {
      const until = entries[k + 1]?.[1] ?? bytes.length;
      if (marks !== null) {
        while (next < marks.length && (marks[next] as number) < at - 1) next++;
        if (next === marks.length || (marks[next] as number) >= until) return;
      }
      const body = bytes.subarray(at, Math.max(at, until));
      parser.setObject(num);
      this.objStmDamaged = false;
      parser.parseAll(body);
      const value = parser.value;
      if (value !== undefined) this.onObject(num, value);
      // A dictionary that never closes, or a broken `<<`, was never judged as one; nor were names
      // of a dictionary that an earlier offset opened and a reader reads on into this one's range.
      if (this.objStmDamaged || !parser.readOneValue)
        this.damagedNames(body, `object ${num} in object stream ${obj}`);
    });
  }

  private hits(): Hit[] {
    if (this.parser.overflowed)
      this.problem('pdf-unscannable', 'The PDF has a container too large to inspect.');
    if (this.encrypted && (this.objectStreams > 0 || this.remoteTargets.length > 0 || this.gotoR)) {
      // Its object streams could not be decoded (or its link targets read): say why, once.
      this.problems.delete('pdf-unscannable');
      this.problem(
        'pdf-encrypted',
        'The PDF is encrypted, so the objects it compresses cannot be inspected.',
      );
    }
    const hits: Hit[] = [];
    for (const { hit, objects } of this.found.values()) {
      const where = objects.slice(0, 3).map(objName).join(', ');
      const more = objects.length > 3 ? ` and ${objects.length - 3} more` : '';
      hits.push(reject(hit.rule, `The PDF contains ${hit.what} (${where}${more}).`));
    }
    return [...hits, ...this.problems.values()];
  }

  /** Ends the stream, then reads what needs random access: hidden objects, XFA forms, embedded files. */
  async finish(ctx: PdfFinishContext): Promise<Hit[]> {
    this.parser.end(this.offset);
    await this.settleCutHeaders(ctx);
    await this.readHiddenObjects(ctx);
    await this.readDamaged(ctx);
    // A name kept as an object of its own has no use but to be referenced as an action type: it
    // counts even when the dictionary that refers to it was not read (an object stream's
    // unremarkable object), and names that dictionary when it was.
    for (const [target, action] of this.actionNames) {
      const referrers = this.typeRefs.filter((t) => t.target === target).map((t) => t.obj);
      for (const obj of referrers.length > 0 ? referrers : [target]) this.note(action, obj);
    }
    for (const { obj, target } of this.remoteTargets)
      if (!this.fileSpecs.has(target) || isNetworkFileSpec(this.fileSpecs.get(target)))
        this.note({ rule: 'pdf-remote-file', what: 'a link that opens a file on another computer' }, obj);
    for (const obj of this.xfa)
      for (const bytes of await this.targetBytes(ctx, obj, `its XFA form (object ${obj})`, 'pdf-unscannable'))
        if (
          /<script[\s>]|contentType\s*=\s*["']application\/x-(java|form)/i.test(
            Buffer.from(bytes).toString('latin1'),
          )
        )
          this.note({ rule: 'pdf-xfa', what: 'an XFA form with scripts' }, obj);
    for (const obj of this.attachments()) {
      const name = this.embeddedNames.get(obj) || `attachment-${obj}`;
      for (const bytes of await this.targetBytes(
        ctx,
        obj,
        `its attached file ${name} (object ${obj})`,
        'pdf-embedded-file',
      )) {
        const inner = await ctx.inspectEmbedded(name, bytes);
        if (inner.length > 0)
          this.problem(
            'pdf-embedded-file',
            `The PDF carries an attached file that is not accepted (${name}, object ${obj}): ${inner[0]?.detail ?? ''}`,
          );
      }
    }
    await this.readHybridParts(ctx);
    return this.hits();
  }

  /**
   * The document a hybrid PDF carries for LibreOffice, which opens it in place of the PDF: judged
   * as a part of the file, so that macros in it refuse the PDF as they refuse the document.
   */
  private async readHybridParts(ctx: PdfFinishContext): Promise<void> {
    for (const [obj, mime] of this.hybridParts) {
      const what = `the ${mime} document LibreOffice opens in place of the PDF (object ${obj})`;
      for (const bytes of await this.targetBytes(ctx, obj, what, 'pdf-embedded-file')) {
        const inner = await ctx.inspectEmbedded(`hybrid-${obj}`, bytes, true);
        if (inner.length > 0)
          this.problem(
            'pdf-embedded-file',
            `The PDF carries ${what}, which is not accepted: ${inner[0]?.detail ?? ''}`,
          );
      }
    }
  }

  /**
   * The streams a file specification's `/EF` names, whatever their `/Type` (it is optional), and
   * the streams typed `/EmbeddedFile` that no file specification the check read names.
   */
  private attachments(): Set<number> {
    const objects = new Set(this.embeddedNames.keys());
    for (const [obj, copies] of this.streams)
      if (copies.some((info) => wasRead(info.dict) && isName(info.dict.get('Type'), 'EmbeddedFile')))
        objects.add(obj);
    return objects;
  }

  /**
   * The decoded data of every copy of stream `obj` that a form, an attachment or a hybrid PDF's
   * document names. One the check cannot read (not kept past the streams it keeps, hidden inside
   * other data, or nowhere) is a problem under `rule`: a reader that finds it would use it unjudged.
   */
  private async targetBytes(
    ctx: PdfFinishContext,
    obj: number,
    what: string,
    rule: string,
  ): Promise<Uint8Array[]> {
    const copies = this.streams.get(obj);
    if (copies === undefined || this.hiddenStreams.has(obj)) {
      this.problem(
        rule,
        this.hiddenStreams.has(obj)
          ? `The PDF hides a stream of ${what} inside other data, where the check does not read it.`
          : this.streamsDropped
            ? `The PDF has too many streams (over ${MAX_STREAMS}) to read ${what}.`
            : `The PDF names ${what}, but the check found no stream of that number to read.`,
      );
      return [];
    }
    const out: Uint8Array[] = [];
    for (const info of copies) {
      const bytes = await this.streamBytes(ctx, info, what);
      if (bytes !== null) out.push(bytes);
    }
    return out;
  }

  private async streamBytes(
    ctx: PdfFinishContext,
    info: StreamInfo,
    what: string,
  ): Promise<Uint8Array | null> {
    let { dict, end } = info;
    if (!wasRead(dict)) {
      // Stepped over unread: read it now, from the file.
      const parser = new PdfParser({ dict: () => {} });
      parser.parseAll(await ctx.read(dict[0], dict[1]));
      const value = parser.value;
      dict = isDict(value) ? value : new Map();
      end = dataEnd(dict, info.start, info.end);
    }
    return this.decode(await ctx.read(info.start, end), dict, what);
  }

  /**
   * Bytes the parser could not read as dictionaries (a `<<` broken by one byte, an object whose
   * containers never close): a reader that repairs the file may still read an action there, so
   * a name of one outside strings refuses the file, saying so.
   */
  private async readDamaged(ctx: PdfFinishContext): Promise<void> {
    if (this.damagedDropped) {
      // Reading only the first ranges would let an action hide in the next one.
      this.problem(
        'pdf-unscannable',
        `The PDF's structure is damaged in more than ${MAX_DAMAGED} places, more than the check reads.`,
      );
      return;
    }
    for (const [start, end] of this.damaged) {
      const bytes = await ctx.read(start, Math.min(end, this.offset, start + DAMAGED_WINDOW));
      this.damagedNames(bytes, `bytes ${start}–${end}`);
    }
  }

  /** Refuses damaged `bytes` (found at `where`) that name an action outside strings. */
  private damagedNames(bytes: Uint8Array, where: string): void {
    for (const name of namesOutsideStrings(bytes)) {
      const action = DAMAGED_NAMES[name];
      if (action === undefined) continue;
      this.problem(
        action.rule.replace('pdf-', 'pdf-damaged-'),
        `The PDF's structure is damaged where it names ${action.what} (${where}); a reader that repairs the file would run it.`,
      );
    }
  }

  /** Objects whose `N G obj` lies where the parser did not read it as one (inside stream data or a string). */
  private async readHiddenObjects(ctx: PdfFinishContext): Promise<void> {
    if (this.headersDropped) {
      this.problem(
        'pdf-unscannable',
        `The PDF has more object headers than the check keeps track of (${MAX_HEADERS}), so objects hidden among them could not be searched.`,
      );
      return;
    }
    const hidden = notIn(this.starts, this.candidates);
    if (hidden.length > MAX_HIDDEN) {
      this.problem('pdf-unscannable', `The PDF hides more than ${MAX_HIDDEN} objects inside other data.`);
      return;
    }
    let total = 0;
    for (const at of hidden)
      for (let size = HIDDEN_WINDOW; ; size *= 4) {
        total += size;
        if (total > MAX_HIDDEN_TOTAL) {
          this.problem('pdf-unscannable', 'The PDF hides more data in objects than the check reads.');
          return;
        }
        const window = await ctx.read(at, at + size);
        const read = readHiddenObject(at, window);
        // Unfinished at the end of the bytes read: read more, unless the file ended there.
        if (!read.finished && window.length === size) {
          if (size < MAX_HIDDEN_OBJECT) continue;
          this.problem(
            'pdf-unscannable',
            `The PDF hides an object larger than the check reads (at byte ${at}).`,
          );
          break;
        }
        for (const [dict, obj] of read.dicts) this.onDict(dict, obj);
        if (read.stream !== null) this.hiddenStreams.add(read.stream);
        if (read.objectStream !== null)
          this.problem(
            'pdf-unscannable',
            `The PDF hides an object stream inside other data (object ${read.objectStream}).`,
          );
        // Broken syntax where a reader that follows the cross-reference table may repair it.
        if (read.damaged !== null) this.damagedNames(read.damaged, `the object hidden at byte ${at}`);
        break;
      }
  }
}
