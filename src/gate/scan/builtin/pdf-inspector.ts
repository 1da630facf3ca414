import { inflateSync } from 'node:zlib';
import { DELIMITER, decodePdfName, PdfTokenizer } from './pdf-tokenizer.js';
import { type Hit, reject } from './types.js';

/** Names that make a PDF do something when opened, and the rule each one breaks. */
const ACTIVE: Readonly<Record<string, { rule: string; what: string }>> = {
  JavaScript: { rule: 'pdf-javascript', what: 'JavaScript' },
  JS: { rule: 'pdf-javascript', what: 'JavaScript' },
  Launch: { rule: 'pdf-launch', what: 'a Launch action (runs a program)' },
  EmbeddedFile: { rule: 'pdf-embedded-file', what: 'an embedded file' },
  EmbeddedFiles: { rule: 'pdf-embedded-file', what: 'an embedded file' },
  RichMedia: { rule: 'pdf-richmedia', what: 'rich media (Flash or video that can run code)' },
  AA: { rule: 'pdf-auto-action', what: 'an automatic action (/AA)' },
  XFA: { rule: 'pdf-xfa', what: 'an XFA form (can carry scripts)' },
  ImportData: { rule: 'pdf-auto-action', what: 'an ImportData action' },
  GoToE: { rule: 'pdf-embedded-file', what: 'a link into an embedded file' },
};

/** Active names long enough to look for in raw stream data without false alarms. */
const RAW_NAMES = new Set(Object.keys(ACTIVE).filter((name) => name.length >= 5));
const MAX_RAW_NAME = 48;
const SLASH = 0x2f;

const FILTERS = new Set([
  'FlateDecode',
  'ASCIIHexDecode',
  'ASCII85Decode',
  'LZWDecode',
  'RunLengthDecode',
  'Crypt',
]);
const ENDSTREAM = new TextEncoder().encode('endstream');
// Knuth-Morris-Pratt failure table, so that `endstream` is found even when it straddles chunks.
const FAIL = (() => {
  const f = new Array<number>(ENDSTREAM.length).fill(0);
  for (let i = 1, k = 0; i < ENDSTREAM.length; i++) {
    while (k > 0 && ENDSTREAM[i] !== ENDSTREAM[k]) k = f[k - 1] as number;
    if (ENDSTREAM[i] === ENDSTREAM[k]) k++;
    f[i] = k;
  }
  return f;
})();
/** An object stream larger than this (compressed) is refused rather than held in memory. */
const MAX_OBJSTM_BYTES = 16 * 1024 * 1024;

/**
 * Finds active content in a PDF while its bytes stream through: actions, JavaScript, embedded
 * files, also when their names are `#xx`-escaped or sit inside compressed object streams (where
 * PDF 1.5+ writers put most dictionaries). Stream data other than object streams is skipped:
 * a reader never takes a dictionary from it. Memory stays flat except for one object stream.
 */
export class PdfInspector {
  private readonly found = new Map<string, Hit>();
  private readonly tokenizer: PdfTokenizer;
  private objectNames = new Set<string>();
  private mode: 'tokens' | 'eol' | 'data' = 'tokens';
  private matched = 0;
  private objStm: Uint8Array[] | null = null;
  private objStmBytes = 0;
  private rawTail: Buffer = Buffer.alloc(0);

  constructor(
    private readonly budget: { expandedBytes: number },
    private readonly maxExpanded: number,
  ) {
    this.tokenizer = new PdfTokenizer({
      name: (name) => this.onName(name),
      keyword: (keyword, delimiter) => this.onKeyword(keyword, delimiter),
    });
  }

  get hits(): Hit[] {
    return [...this.found.values()];
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.mode === 'tokens') i = this.tokenizer.push(chunk, i);
      else if (this.mode === 'eol') {
        // `stream` is followed by CRLF or LF (§7.3.8.1); the tokenizer consumed the CR or LF.
        if (chunk[i] === 0x0a) i++;
        this.mode = 'data';
      } else i = this.pushData(chunk, i);
    }
  }

  finish(): Hit[] {
    this.tokenizer.flush();
    return this.hits;
  }

  private onName(name: string): void {
    this.objectNames.add(name);
    const active = ACTIVE[name];
    if (active !== undefined && !this.found.has(active.rule))
      this.found.set(active.rule, reject(active.rule, `The PDF contains ${active.what}.`));
    if (name === 'Encrypt' && !this.found.has('pdf-encrypted'))
      this.found.set(
        'pdf-encrypted',
        reject('pdf-encrypted', 'The PDF is encrypted, so its content cannot be inspected.'),
      );
  }

  private onKeyword(keyword: string, delimiter: number): boolean {
    if (keyword === 'obj' || keyword === 'endobj') this.objectNames = new Set();
    // Stream data starts only after `stream` and an end of line (§7.3.8.1), not after `(stream)`.
    if (keyword !== 'stream' || (delimiter !== 0x0a && delimiter !== 0x0d)) return false;
    this.mode = 'eol';
    this.matched = 0;
    this.objStm = this.objectNames.has('ObjStm') ? [] : null;
    this.objStmBytes = 0;
    return true;
  }

  private pushData(chunk: Uint8Array, start: number): number {
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i];
      while (this.matched > 0 && b !== ENDSTREAM[this.matched])
        this.matched = FAIL[this.matched - 1] as number;
      if (b === ENDSTREAM[this.matched]) this.matched++;
      if (this.matched === ENDSTREAM.length) {
        this.collect(chunk.subarray(start, i + 1));
        this.scanRaw(chunk.subarray(start, i + 1));
        this.endStream();
        return i + 1;
      }
    }
    this.collect(chunk.subarray(start));
    this.scanRaw(chunk.subarray(start));
    return chunk.length;
  }

  /**
   * Looks for the long action names inside stream data too. Skipping stream data avoids false
   * alarms from short names (`/JS` turns up by chance in megabytes of image data) but would let
   * a fake `stream` (inside a string or a comment) hide what follows; names of five letters or
   * more do not occur by chance, and a JavaScript action always names `/JavaScript`.
   */
  private scanRaw(bytes: Uint8Array): void {
    const buf = Buffer.concat([this.rawTail, bytes]);
    for (let at = buf.indexOf(SLASH); at !== -1; at = buf.indexOf(SLASH, at + 1)) {
      let end = at + 1;
      while (end < buf.length && end - at <= MAX_RAW_NAME && DELIMITER[buf[end] as number] !== 1) end++;
      if (end - at <= 5 || end - at > MAX_RAW_NAME || end === buf.length) continue;
      const name = decodePdfName(buf.toString('latin1', at + 1, end));
      if (RAW_NAMES.has(name)) this.onName(name);
    }
    this.rawTail = buf.subarray(Math.max(0, buf.length - MAX_RAW_NAME)).slice();
  }

  private collect(bytes: Uint8Array): void {
    if (this.objStm === null) return;
    this.objStmBytes += bytes.length;
    if (this.objStmBytes > MAX_OBJSTM_BYTES) {
      this.found.set(
        'pdf-unscannable',
        reject('pdf-unscannable', 'The PDF has an object stream too large to inspect.'),
      );
      this.objStm = null;
      return;
    }
    this.objStm.push(bytes.slice());
  }

  private endStream(): void {
    this.mode = 'tokens';
    this.rawTail = Buffer.alloc(0);
    const parts = this.objStm;
    const names = this.objectNames;
    this.objStm = null;
    if (parts === null) return;
    const all = Buffer.concat(parts);
    const data = all.subarray(0, Math.max(0, all.length - ENDSTREAM.length));
    const filters = [...names].filter((n) => FILTERS.has(n));
    if (filters.length === 0) {
      this.scanObjects(data);
      return;
    }
    if (filters.length > 1 || filters[0] !== 'FlateDecode') {
      this.found.set(
        'pdf-unscannable',
        reject('pdf-unscannable', `The PDF hides objects behind ${filters.join(', ')}.`),
      );
      return;
    }
    const room = this.maxExpanded - this.budget.expandedBytes;
    try {
      const inflated = inflateSync(data, { maxOutputLength: Math.max(1, room) });
      this.budget.expandedBytes += inflated.length;
      this.scanObjects(inflated);
    } catch (error) {
      const tooBig = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      this.found.set(
        'pdf-unscannable',
        reject(
          'pdf-unscannable',
          tooBig ? 'The PDF expands beyond the size limit.' : 'The PDF has a damaged object stream.',
        ),
      );
    }
  }

  private scanObjects(bytes: Uint8Array): void {
    const inner = new PdfTokenizer({ name: (name) => this.onName(name), keyword: () => false });
    inner.push(bytes);
    inner.flush();
  }
}
