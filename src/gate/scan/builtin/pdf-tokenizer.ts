// PDF 1.7 (ISO 32000-1) §7.2.2: whitespace and delimiter characters end a token.
/** 1 for PDF whitespace and delimiter bytes. */
export const DELIMITER = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) DELIMITER[c] = 1;
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;
const SLASH = 0x2f;
const MAX_TOKEN = 256;

/** What the tokenizer reports: a name (without its slash, `#xx` escapes decoded) or a bare keyword. */
export interface PdfTokenSink {
  name(name: string): void;
  /**
   * Returns true to pause the tokenizer right after this keyword (before stream data).
   * `delimiter` is the byte that ended it (-1 at the end of the input).
   */
  keyword(keyword: string, delimiter: number): boolean;
}

/**
 * Decodes `#xx` escapes in a PDF name (§7.3.5), so that `/J#61vaScript` reads as `/JavaScript`,
 * the spelling a reader acts on.
 */
export function decodePdfName(raw: string): string {
  return raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * A streaming tokenizer that reports names and keywords, keeping a token cut across two chunks.
 * It does not parse strings or comments: a name-like run inside them is reported too, which can
 * only make the scanner stricter, never blind.
 */
export class PdfTokenizer {
  private token: number[] = [];
  private isName = false;

  constructor(private readonly sink: PdfTokenSink) {}

  /**
   * Feeds bytes [start, end) of `chunk`. Returns the index of the first byte not consumed: `end`,
   * or the byte after the delimiter that ended a keyword on which the sink asked to pause.
   */
  push(chunk: Uint8Array, start = 0, end = chunk.length): number {
    for (let i = start; i < end; i++) {
      const b = chunk[i] as number;
      if (DELIMITER[b] === 1) {
        const pause = this.flush(b);
        if (b === SLASH) this.isName = true;
        if (pause) return i + 1;
      } else if (this.token.length < MAX_TOKEN) {
        this.token.push(b);
      }
    }
    return end;
  }

  /** Ends the current token; returns true when the sink asked to pause on it. */
  flush(delimiter = -1): boolean {
    let pause = false;
    if (this.token.length > 0 || this.isName) {
      const text = String.fromCharCode(...this.token);
      if (this.isName) this.sink.name(decodePdfName(text));
      else pause = this.sink.keyword(text, delimiter);
    }
    this.token = [];
    this.isName = false;
    return pause;
  }
}
