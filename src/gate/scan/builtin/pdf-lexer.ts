// PDF 1.7 (ISO 32000-1) §7.2: lexical conventions. Whitespace and delimiters end a token.
/** 1 for PDF whitespace bytes, 2 for delimiter bytes. */
export const CHAR_CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CHAR_CLASS[c] = 1;
for (const c of '()<>[]{}/%') CHAR_CLASS[c.charCodeAt(0)] = 2;

/** A token of PDF syntax. Strings keep at most {@link MAX_STRING} bytes (as latin1 text). */
export type PdfToken =
  | { readonly t: 'name'; readonly v: string }
  | { readonly t: 'word'; readonly v: string }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: '<<' | '>>' | '[' | ']' };

/** Receives tokens; returns true on a token after which the lexer must pause (`stream`). */
export type TokenSink = (token: PdfToken, offset: number, endDelimiter: number) => boolean;

/** Bytes of a string kept for inspection: enough for a file path or a name, never a whole font. */
export const MAX_STRING = 4096;
const MAX_TOKEN = 256;

enum State {
  Normal,
  Comment,
  Literal,
  Hex,
  Regular,
  Lt,
  Gt,
}

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
  private state = State.Normal;
  // One buffer for the token being read: no array per token (a PDF has millions of them).
  private readonly buf = new Uint8Array(MAX_STRING * 2);
  private len = 0;
  private isName = false;
  private depth = 0;
  private escape = -1;
  private tokenStart = 0;

  constructor(private readonly sink: TokenSink) {}

  /**
   * Feeds bytes [start, end) of `chunk`, whose first byte is at `base` in the file. Returns the
   * index of the first byte not consumed: `end`, or the byte after the delimiter that ended a
   * token on which the sink asked to pause.
   */
  push(chunk: Uint8Array, base: number, start = 0, end = chunk.length): number {
    for (let i = start; i < end; i++) {
      const b = chunk[i] as number;
      switch (this.state) {
        case State.Regular:
          if (CHAR_CLASS[b] === 0) {
            if (this.len < MAX_TOKEN) this.buf[this.len++] = b;
            continue;
          }
          if (this.endRegular(b)) return i + 1;
          break;
        case State.Comment:
          if (b === 0x0a || b === 0x0d) this.state = State.Normal;
          continue;
        case State.Literal:
          this.literal(b, base + i);
          continue;
        case State.Hex:
          if (b === 0x3e) this.endHex(base + i);
          else if (CHAR_CLASS[b] !== 1 && this.len < MAX_STRING * 2) this.buf[this.len++] = b;
          continue;
        case State.Lt:
          if (b === 0x3c) {
            this.state = State.Normal;
            this.sink({ t: '<<' }, base + i - 1, -1);
            continue;
          }
          this.state = State.Hex;
          this.len = 0;
          i--;
          continue;
        case State.Gt:
          this.state = State.Normal;
          if (b === 0x3e) {
            this.sink({ t: '>>' }, base + i - 1, -1);
            continue;
          }
          break;
      }
      // State.Normal: b starts a token.
      this.tokenStart = base + i;
      if (CHAR_CLASS[b] === 1) continue;
      if (CHAR_CLASS[b] === 0) {
        this.state = State.Regular;
        this.isName = false;
        this.buf[0] = b;
        this.len = 1;
        continue;
      }
      switch (b) {
        case 0x2f: // '/'
          this.state = State.Regular;
          this.isName = true;
          this.len = 0;
          break;
        case 0x25: // '%'
          this.state = State.Comment;
          break;
        case 0x28: // '('
          this.state = State.Literal;
          this.depth = 1;
          this.escape = -1;
          this.len = 0;
          break;
        case 0x3c:
          this.state = State.Lt;
          break;
        case 0x3e:
          this.state = State.Gt;
          break;
        case 0x5b:
          this.sink({ t: '[' }, base + i, -1);
          break;
        case 0x5d:
          this.sink({ t: ']' }, base + i, -1);
          break;
        // '{' and '}' only occur in PostScript calculator functions: ignored.
      }
    }
    return end;
  }

  /** Ends a token cut by the end of the input. */
  flush(): void {
    if (this.state === State.Regular) this.endRegular(-1);
    this.state = State.Normal;
  }

  /** Forgets a token in progress, to read another piece of input (the next object of an object stream). */
  reset(): void {
    this.state = State.Normal;
    this.len = 0;
  }

  private text(): string {
    if (this.len > 32) return Buffer.from(this.buf.buffer, 0, this.len).toString('latin1');
    let s = '';
    for (let i = 0; i < this.len; i++) s += String.fromCharCode(this.buf[i] as number);
    return s;
  }

  /** Ends a name or word on byte `b` (-1 at the end of the input); true when the sink asks to pause. */
  private endRegular(b: number): boolean {
    this.state = State.Normal;
    const text = this.text();
    const token: PdfToken = this.isName ? { t: 'name', v: decodePdfName(text) } : { t: 'word', v: text };
    // A delimiter that ended the token also starts the next one: push() goes on with it.
    return this.sink(token, this.tokenStart, b);
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
      this.state = State.Normal;
      this.sink({ t: 'string', v: this.text() }, at, -1);
      return;
    }
    if (this.len < MAX_STRING) this.buf[this.len++] = b;
  }

  // §7.3.4.2: \n \r \t \b \f \( \) \\ \ddd, and a backslash before an end of line is dropped.
  private escapeByte(b: number): void {
    const keep = (c: number) => {
      if (this.len < MAX_STRING) this.buf[this.len++] = c;
    };
    if (this.escape === 0) {
      if (b >= 0x30 && b <= 0x37) {
        this.escape = 0x100 | (b - 0x30);
        return;
      }
      this.escape = -1;
      if (b === 0x0a || b === 0x0d) return;
      keep(ESCAPES[b] ?? b);
      return;
    }
    const digits = this.escape >> 8;
    const value = this.escape & 0xff;
    if (b >= 0x30 && b <= 0x37 && digits < 3) {
      this.escape = ((digits + 1) << 8) | ((value * 8 + (b - 0x30)) & 0xff);
      if (digits + 1 === 3) {
        keep(this.escape & 0xff);
        this.escape = -1;
      }
      return;
    }
    keep(value);
    this.escape = -1;
    this.literal(b, 0);
  }

  private endHex(at: number): void {
    this.state = State.Normal;
    const hex = this.text();
    let text = '';
    for (let i = 0; i < hex.length && text.length < MAX_STRING; i += 2)
      text += String.fromCharCode(Number.parseInt((hex[i] ?? '0') + (hex[i + 1] ?? '0'), 16) || 0);
    this.sink({ t: 'string', v: text }, at, -1);
  }
}
