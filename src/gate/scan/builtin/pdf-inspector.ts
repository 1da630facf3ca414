import { inflateSync } from 'node:zlib';
import { PdfTokenizer } from './pdf-tokenizer.js';
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

  constructor(
    private readonly budget: { expandedBytes: number },
    private readonly maxExpanded: number,
  ) {
    this.tokenizer = new PdfTokenizer({
      name: (name) => this.onName(name),
      keyword: (keyword) => this.onKeyword(keyword),
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

  private onKeyword(keyword: string): boolean {
    if (keyword === 'obj' || keyword === 'endobj') this.objectNames = new Set();
    if (keyword !== 'stream') return false;
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
        this.endStream();
        return i + 1;
      }
    }
    this.collect(chunk.subarray(start));
    return chunk.length;
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
