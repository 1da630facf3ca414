import { CHAR_CLASS, PdfLexer, type TokenSink } from './pdf-lexer.js';

/** A PDF name, `#xx` escapes decoded. */
export interface PdfName {
  readonly n: string;
}
/** A string (literal or hex), as latin1 text of its bytes. */
export interface PdfString {
  readonly s: string;
}
/** An indirect reference `N G R`, by object number. */
export interface PdfRef {
  readonly r: number;
}
/** A dictionary; its keys are names without the slash. */
export type PdfDict = Map<string, PdfValue>;
export type PdfValue = number | PdfName | PdfString | PdfRef | PdfDict | PdfValue[] | { readonly k: string };

/** What a parser reports while it reads. `obj` is the number of the object being read, or -1. */
export interface PdfParseSink {
  /** Every dictionary, when it closes (nested ones first). */
  dict(dict: PdfDict, obj: number): void;
  /** The value of an indirect object, when it ends (`endobj` or `stream`). */
  object?(obj: number, value: PdfValue, offset: number): void;
  /**
   * `stream` after a dictionary, ended by an end of line (`eol`, CR or LF): true pauses the lexer
   * for the data, which starts after that LF, or after the CR and an LF that follows it.
   */
  stream?(obj: number, dict: PdfDict, eol: number): boolean;
  /** A trailer dictionary. */
  trailer?(dict: PdfDict): void;
  /**
   * Bytes [start, end) whose syntax is broken: a malformed token, or an object whose containers
   * never close. Offsets are those the lexer was given.
   */
  damaged?(start: number, end: number): void;
}

/** Items a container keeps; beyond it they are counted, not stored (a hostile 100 MB array). */
const MAX_ITEMS = 100_000;

interface Frame {
  readonly kind: 'dict' | 'array';
  readonly items: PdfValue[];
  dropped: boolean;
}

export const isName = (v: PdfValue | undefined, name?: string): v is PdfName =>
  typeof v === 'object' && v !== null && 'n' in v && (name === undefined || v.n === name);
export const isString = (v: PdfValue | undefined): v is PdfString =>
  typeof v === 'object' && v !== null && 's' in v;
export const isRef = (v: PdfValue | undefined): v is PdfRef =>
  typeof v === 'object' && v !== null && 'r' in v;
export const isDict = (v: PdfValue | undefined): v is PdfDict => v instanceof Map;

/**
 * Builds PDF values from tokens: dictionaries, arrays, references, and the indirect objects
 * (`N G obj … endobj`) around them. Only dictionary keys and values count as names; a name-like
 * run inside a string or a comment never does.
 */
export class PdfParser implements TokenSink {
  readonly lexer: PdfLexer;
  private readonly stack: Frame[] = [];
  private top: PdfValue[] = [];
  private topOffsets: number[] = [];
  private obj = -1;
  private objOffset = -1;
  private inTrailer = false;
  /** Where the outermost container still open began. */
  private outerOpen = -1;
  /** True when a container held more items than it keeps. */
  overflowed = false;
  /** Values read at the top level since {@link setObject}, and closing brackets with nothing open. */
  private topCount = 0;
  private strayCloses = 0;
  /** True while the lexer is paused after `N G obj` (see `pauseAtObjects`); the caller clears it. */
  atObjectStart = false;

  /**
   * `obj` fixes the object number for a parser that reads one object's body (an object stream).
   * `pauseAtObjects` pauses the lexer after each `N G obj` followed by whitespace, before its
   * body, so that the caller may step over the body ({@link skipObject}) or go on.
   */
  constructor(
    private readonly sink: PdfParseSink,
    obj = -1,
    private readonly pauseAtObjects = false,
  ) {
    this.obj = obj;
    this.lexer = new PdfLexer(this);
  }

  /** The number of the object being read, or -1. */
  get objectNumber(): number {
    return this.obj;
  }

  /** Where the object being read starts (its number's first digit), or -1. */
  get objectOffset(): number {
    return this.objOffset;
  }

  /**
   * Whether what was read since {@link setObject} is one value and nothing else, as an object of
   * an object stream must be. More (names, a second dictionary) or a bracket that closes nothing
   * means the bytes belong with another object's: a reader that reads from the offset to the end
   * of the object, not to the next offset, sees them so.
   */
  get readOneValue(): boolean {
    return this.topCount === 1 && this.strayCloses === 0;
  }

  /** The value read at the top level so far, for a parser of one object's body. */
  get value(): PdfValue | undefined {
    return this.top[0];
  }

  private add(value: PdfValue, offset: number): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) {
      this.topCount++;
      this.top.push(value);
      this.topOffsets.push(offset);
      if (this.top.length > 8) {
        this.top.shift();
        this.topOffsets.shift();
      }
      return;
    }
    if (frame.items.length < MAX_ITEMS) frame.items.push(value);
    else frame.dropped = true;
  }

  private items(): PdfValue[] {
    return this.stack[this.stack.length - 1]?.items ?? this.top;
  }

  /** @internal A token from the lexer. */
  name(value: string, offset: number): void {
    this.add({ n: value }, offset);
  }

  /** @internal A token from the lexer. */
  number(value: number, offset: number): void {
    this.add(value, offset);
  }

  /** @internal A token from the lexer. */
  string(value: string, offset: number): void {
    this.add({ s: value }, offset);
  }

  /** @internal A token from the lexer. */
  open(dictionary: boolean, offset: number): void {
    if (this.stack.length === 0) this.outerOpen = offset;
    this.stack.push({ kind: dictionary ? 'dict' : 'array', items: [], dropped: false });
  }

  /** @internal A token from the lexer: closes a dictionary or an array. */
  close(dictionary: boolean, offset: number): void {
    const kind = dictionary ? 'dict' : 'array';
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined || frame.kind !== kind) {
      this.strayCloses++;
      return; // A stray bracket: readers skip it.
    }
    this.stack.pop();
    if (frame.dropped) this.overflowed = true;
    if (kind === 'array') {
      this.add(frame.items, offset);
      return;
    }
    const dict: PdfDict = new Map();
    let firsts: PdfDict | null = null;
    // A key is the next name, its value the item after it; anything else where a key should be is
    // skipped, as PDFium and pdf.js do (qpdf keeps the same pairs): taking items two by two
    // would let one stray number shift `/S /Launch` into a value and a key that mean nothing.
    for (let i = 0; i + 1 < frame.items.length; ) {
      const key = frame.items[i];
      if (!isName(key)) {
        i++;
        continue;
      }
      // A key given twice: readers differ on which value counts, so both are judged.
      if (dict.has(key.n) && firsts === null) firsts = new Map(dict);
      dict.set(key.n, frame.items[i + 1] as PdfValue);
      if (firsts !== null && !firsts.has(key.n)) firsts.set(key.n, frame.items[i + 1] as PdfValue);
      i += 2;
    }
    if (firsts !== null) this.sink.dict(firsts, this.obj);
    this.sink.dict(dict, this.obj);
    if (this.inTrailer && this.stack.length === 0) {
      this.inTrailer = false;
      this.sink.trailer?.(dict);
    }
    this.add(dict, offset);
  }

  /** @internal From the lexer: bytes that break the syntax. */
  damaged(start: number, end: number): void {
    this.sink.damaged?.(start, end);
  }

  /** @internal A token from the lexer: a keyword or other bare word. */
  word(word: string, offset: number, delimiter: number): boolean {
    const items = this.items();
    if (word === 'R') {
      const gen = items[items.length - 1];
      const num = items[items.length - 2];
      if (typeof num === 'number' && typeof gen === 'number') {
        items.length -= 2;
        if (this.stack.length === 0) {
          this.topOffsets.length -= 2;
          this.topCount -= 2;
        }
        this.add({ r: num }, offset);
      }
      return false;
    }
    if (this.stack.length > 0) {
      this.add({ k: word }, offset);
      return false;
    }
    return this.topWord(word, offset, delimiter);
  }

  private topWord(word: string, offset: number, delimiter: number): boolean {
    const top = this.top;
    switch (word) {
      case 'obj': {
        const num = top[top.length - 2];
        this.obj = typeof num === 'number' ? num : -1;
        this.objOffset = this.topOffsets[this.topOffsets.length - 2] ?? -1;
        this.top = [];
        this.topOffsets = [];
        this.atObjectStart = this.pauseAtObjects && this.obj >= 0 && CHAR_CLASS[delimiter] === 1;
        return this.atObjectStart;
      }
      case 'endobj':
        this.endObject(offset);
        return false;
      case 'stream': {
        const dict = top[top.length - 1];
        this.endObject(offset, false);
        if (!isDict(dict) || (delimiter !== 0x0a && delimiter !== 0x0d)) return false;
        return this.sink.stream?.(this.obj, dict, delimiter) ?? false;
      }
      case 'trailer':
        this.inTrailer = true;
        this.top = [];
        this.topOffsets = [];
        return false;
      default:
        return false;
    }
  }

  /** The start of what an unclosed container swallowed: its object, or the container itself. */
  private damageStart(): number {
    return this.obj >= 0 && this.objOffset >= 0 ? this.objOffset : this.outerOpen;
  }

  private endObject(offset: number, clear = true): void {
    const value = this.top[this.top.length - 1];
    if (this.obj >= 0 && value !== undefined) this.sink.object?.(this.obj, value, this.objOffset);
    // Unclosed containers end with their object, as readers that recover do; what they held
    // was never reported as a dictionary, so the object's bytes are reported as damaged.
    if (this.stack.length > 0) this.sink.damaged?.(this.damageStart(), offset);
    this.stack.length = 0;
    if (clear) {
      this.top = [];
      this.topOffsets = [];
      this.obj = -1;
    }
  }

  /**
   * Ends the input at file offset `end`: a token cut there ends, and an object whose containers
   * are still open (a string or dictionary that never closed swallowed the rest) is reported as
   * damaged from its start.
   */
  end(end: number): void {
    this.lexer.flush();
    if (this.stack.length > 0) this.sink.damaged?.(this.damageStart(), end);
  }

  /**
   * Parses a whole buffer (an object stream's object, or an object read on its own); containers
   * still open at its end are reported as damaged, as {@link end} does.
   */
  parseAll(bytes: Uint8Array, base = 0): void {
    let at = 0;
    while (at < bytes.length) at = this.lexer.push(bytes, base, at);
    this.end(base + bytes.length);
  }

  /** Forgets the object whose body the caller skipped, as if its `endobj` had been read. */
  skipObject(): void {
    this.top = [];
    this.topOffsets = [];
    this.obj = -1;
  }

  /** Sets the object whose body follows (an object stream holds several, one after another). */
  setObject(obj: number): void {
    this.obj = obj;
    this.topCount = 0;
    this.strayCloses = 0;
    this.stack.length = 0;
    this.top = [];
    this.topOffsets = [];
    this.lexer.reset();
  }
}
