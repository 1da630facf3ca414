// PDF 1.7 (ISO 32000-1) §7.2: lexical conventions. Whitespace and delimiters end a token.
/** 1 for PDF whitespace bytes, 2 for delimiter bytes. */
export const CHAR_CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CHAR_CLASS[c] = 1;
for (const c of '()<>[]{}/%') CHAR_CLASS[c.charCodeAt(0)] = 2;

/**
 * Receives tokens, one method per kind: a parser builds values without a token object per token
 * (a PDF has millions of them, and the allocations cost more than the lexing).
 */
export interface TokenSink {
  /** A name, `#xx` escapes decoded, without its slash. */
  name(value: string, offset: number): void;
  /** A number: a word that starts with a digit, a sign or a dot (NaN when it is not one). */
  number(value: number, offset: number): void;
  /** Any other word (a keyword); `delimiter` is the byte that ended it. True pauses the lexer. */
  word(value: string, offset: number, delimiter: number): boolean;
  /** A literal or hex string, as latin1 text of at most {@link MAX_STRING} bytes. */
  string(value: string, offset: number): void;
  /** `<<` (dict true) or `[`. */
  open(dict: boolean, offset: number): void;
  /** `>>` (dict true) or `]`. */
  close(dict: boolean, offset: number): void;
  /** Bytes [start, end) that break the syntax (a hex string with other bytes than hex digits). */
  damaged?(start: number, end: number): void;
}

/** 1 for the bytes a hex string may hold: hex digits and whitespace (§7.3.4.3). */
const HEX_CHAR = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF\0\t\n\f\r ') HEX_CHAR[c.charCodeAt(0)] = 1;

/** Bytes of a string kept for inspection: enough for a file path or a name, never a whole font. */
export const MAX_STRING = 4096;
const MAX_TOKEN = 256;
/** Names and keywords up to this length are interned: the same few hundred recur all through a file. */
const MAX_INTERNED = 32;
const CACHE_SIZE = 2048;

/** Shared by every lexer: it only ever maps bytes to the string they spell. */
const CACHE: (string | undefined)[] = new Array(CACHE_SIZE).fill(undefined);

const NORMAL = 0;
const COMMENT = 1;
const LITERAL = 2;
const HEX = 3;
const REGULAR = 4;
const LT = 5;
const GT = 6;

/** Decodes `#xx` escapes in a name (§7.3.5), so that `/J#61vaScript` reads as `/JavaScript`. */
export function decodePdfName(raw: string): string {
  return raw.includes('#')
    ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : raw;
}

const ESCAPES: Readonly<Record<number, number>> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };

/**
 * A streaming PDF lexer: names, words (numbers and keywords), literal and hex strings, and the
 * dictionary and array brackets, with a token cut across two chunks kept whole. Comments are
 * skipped and string contents are never mistaken for names: `(see /JavaScript)` is a string.
 */
export class PdfLexer {
  private state = NORMAL;
  // One buffer for the token being read: no array per token.
  private readonly buf = new Uint8Array(MAX_STRING * 2);
  private len = 0;
  private isName = false;
  /** FNV-1a of the bytes of the name or word being read, for the intern cache. */
  private hash = 0;
  /** The value of a word of decimal digits only, or -1 once it holds anything else. */
  private digits = 0;
  private depth = 0;
  private escape = -1;
  private tokenStart = 0;
  /** True once the hex string being read holds a byte that is neither a hex digit nor whitespace. */
  private hexBad = false;

  constructor(private readonly sink: TokenSink) {}

  /**
   * Feeds bytes [start, end) of `chunk`, whose first byte is at `base` in the file. Returns the
   * index of the first byte not consumed: `end`, or the byte after the delimiter that ended a
   * token on which the sink asked to pause.
   */
  push(chunk: Uint8Array, base: number, start = 0, end = chunk.length): number {
    const buf = this.buf;
    for (let i = start; i < end; i++) {
      let b = chunk[i] as number;
      switch (this.state) {
        case REGULAR: {
          // The hot loop: the bytes of a name or word, kept in locals until a delimiter.
          let len = this.len;
          let hash = this.hash;
          let digits = this.digits;
          while (CHAR_CLASS[b] === 0) {
            if (len < MAX_TOKEN) {
              buf[len++] = b;
              hash = Math.imul(hash ^ b, 16777619);
              digits = b >= 0x30 && b <= 0x39 && digits >= 0 && len <= 15 ? digits * 10 + (b - 0x30) : -1;
            }
            if (++i === end) break;
            b = chunk[i] as number;
          }
          this.len = len;
          this.hash = hash;
          this.digits = digits;
          if (i === end) return end;
          if (this.endRegular(b)) return i + 1;
          break;
        }
        case COMMENT:
          if (b === 0x0a || b === 0x0d) this.state = NORMAL;
          continue;
        case LITERAL:
          if (this.escape < 0 && b !== 0x5c && b !== 0x28 && b !== 0x29) {
            if (this.len < MAX_STRING) buf[this.len++] = b;
            continue;
          }
          this.literal(b, base + i);
          continue;
        case HEX:
          if (b === 0x3e) this.endHex(base + i);
          else {
            if (HEX_CHAR[b] === 0) this.hexBad = true;
            if (CHAR_CLASS[b] !== 1 && this.len < MAX_STRING * 2) buf[this.len++] = b;
          }
          continue;
        case LT:
          if (b === 0x3c) {
            this.state = NORMAL;
            this.sink.open(true, base + i - 1);
            continue;
          }
          this.state = HEX;
          this.len = 0;
          this.hexBad = false;
          i--;
          continue;
        case GT:
          this.state = NORMAL;
          if (b === 0x3e) {
            this.sink.close(true, base + i - 1);
            continue;
          }
          break;
      }
      // NORMAL: b starts a token.
      this.tokenStart = base + i;
      const cls = CHAR_CLASS[b];
      if (cls === 1) continue;
      if (cls === 0) {
        this.state = REGULAR;
        this.isName = false;
        buf[0] = b;
        this.len = 1;
        this.hash = Math.imul(0x811c9dc5 ^ b, 16777619);
        this.digits = b >= 0x30 && b <= 0x39 ? b - 0x30 : -1;
        continue;
      }
      switch (b) {
        case 0x2f: // '/'
          this.state = REGULAR;
          this.isName = true;
          this.len = 0;
          this.hash = 0x811c9dc5;
          this.digits = -1;
          break;
        case 0x25: // '%'
          this.state = COMMENT;
          break;
        case 0x28: // '('
          this.state = LITERAL;
          this.depth = 1;
          this.escape = -1;
          this.len = 0;
          break;
        case 0x3c:
          this.state = LT;
          break;
        case 0x3e:
          this.state = GT;
          break;
        case 0x5b:
          this.sink.open(false, base + i);
          break;
        case 0x5d:
          this.sink.close(false, base + i);
          break;
        // '{' and '}' only occur in PostScript calculator functions: ignored.
      }
    }
    return end;
  }

  /**
   * Ends a token cut by the end of the input. A string still open there never closed: what it
   * swallowed (from the byte after its opening bracket to the end) is reported as damaged.
   */
  flush(): void {
    if (this.state === REGULAR) this.endRegular(-1);
    if (this.state === LITERAL || this.state === HEX)
      this.sink.damaged?.(this.tokenStart + 1, Number.MAX_SAFE_INTEGER);
    this.state = NORMAL;
  }

  /** Forgets a token in progress, to read another piece of input (the next object of an object stream). */
  reset(): void {
    this.state = NORMAL;
    this.len = 0;
  }

  private text(): string {
    if (this.len > 32) return Buffer.from(this.buf.buffer, 0, this.len).toString('latin1');
    let s = '';
    for (let i = 0; i < this.len; i++) s += String.fromCharCode(this.buf[i] as number);
    return s;
  }

  /** The text of the name or word in `buf`, from the intern cache when it was seen before. */
  private interned(): string {
    const len = this.len;
    if (len > MAX_INTERNED) return this.text();
    const slot = (this.hash >>> 0) % CACHE_SIZE;
    const cached = CACHE[slot];
    if (cached !== undefined && cached.length === len) {
      let k = 0;
      while (k < len && cached.charCodeAt(k) === this.buf[k]) k++;
      if (k === len) return cached;
    }
    const text = this.text();
    CACHE[slot] = text;
    return text;
  }

  /** Ends a name or word on byte `b` (-1 at the end of the input); true when the sink asks to pause. */
  private endRegular(b: number): boolean {
    this.state = NORMAL;
    const sink = this.sink;
    if (this.isName) {
      const raw = this.interned();
      sink.name(raw.includes('#') ? decodePdfName(raw) : raw, this.tokenStart);
      return false;
    }
    const c = this.buf[0] as number;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
      // Decimal digits only: the value is already counted. Anything else as JavaScript reads it.
      sink.number(this.digits >= 0 ? this.digits : Number(this.text()), this.tokenStart);
      return false;
    }
    // A delimiter that ended the token also starts the next one: push() goes on with it.
    return sink.word(this.interned(), this.tokenStart, b);
  }

  private literal(b: number, at: number): void {
    if (this.escape >= 0) {
      this.escapeByte(b);
      return;
    }
    if (b === 0x5c) {
      this.escape = 0;
      return;
    }
    if (b === 0x28) this.depth++;
    else if (b === 0x29 && --this.depth === 0) {
      this.state = NORMAL;
      this.sink.string(this.text(), at);
      return;
    }
    if (this.len < MAX_STRING) this.buf[this.len++] = b;
  }

  /** Keeps one byte of a string, up to {@link MAX_STRING}. */
  private keep(c: number): void {
    if (this.len < MAX_STRING) this.buf[this.len++] = c;
  }

  // §7.3.4.2: \n \r \t \b \f \( \) \\ \ddd, and a backslash before an end of line is dropped.
  private escapeByte(b: number): void {
    if (this.escape === 0) {
      if (b >= 0x30 && b <= 0x37) {
        this.escape = 0x100 | (b - 0x30);
        return;
      }
      this.escape = -1;
      if (b === 0x0a || b === 0x0d) return;
      this.keep(ESCAPES[b] ?? b);
      return;
    }
    const digits = this.escape >> 8;
    const value = this.escape & 0xff;
    if (b >= 0x30 && b <= 0x37 && digits < 3) {
      this.escape = ((digits + 1) << 8) | ((value * 8 + (b - 0x30)) & 0xff);
      if (digits + 1 === 3) {
        this.keep(this.escape & 0xff);
        this.escape = -1;
      }
      return;
    }
    this.keep(value);
    this.escape = -1;
    this.literal(b, 0);
  }

  private endHex(at: number): void {
    this.state = NORMAL;
    // Not a hex string: most likely a `<<` broken by one byte, whose dictionary it swallowed.
    if (this.hexBad) this.sink.damaged?.(this.tokenStart, at + 1);
    const hex = this.text();
    let text = '';
    for (let i = 0; i < hex.length && text.length < MAX_STRING; i += 2)
      text += String.fromCharCode(Number.parseInt((hex[i] ?? '0') + (hex[i + 1] ?? '0'), 16) || 0);
    this.sink.string(text, at);
  }
}
