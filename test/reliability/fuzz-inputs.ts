// fast-check: property-based fuzzing of the multipart reader (over real HTTP) and of the built-in
// engine's PDF and OLE inspectors (mutated real documents).
import fc from 'fast-check';
import type { Scanner } from '../../src/gate/ports.js';
import { bytesSubject } from '../../src/gate/scan/builtin/bytes-subject.js';
import type { RunningGate } from '../../src/runtime/gate/start-gate.js';
import { buildOle } from '../fixtures/files/build-ole.js';
import { buildPdf } from '../fixtures/files/build-pdf.js';
import { check, type PropertyResult } from './properties.js';

type DemoGate = RunningGate & { demo: NonNullable<RunningGate['demo']> };

/** Status codes the upload route may answer; anything else (a 500 above all) is a fault. */
const EXPECTED = new Set([202, 400, 413, 415, 429, 503]);

const boundaryChars = fc.constantFrom(..."abcXYZ019'()+_,-./:=? ".split(''));

/** A multipart body that may be well-formed, or broken in one of the ways clients and attackers break it. */
const multipartCase = fc.record({
  boundary: fc.oneof(
    fc.string({ unit: boundaryChars, minLength: 1, maxLength: 70 }),
    fc.string({ unit: boundaryChars, minLength: 71, maxLength: 200 }),
  ),
  headerBoundary: fc.constantFrom('same', 'quoted', 'other', 'missing', 'empty'),
  contentType: fc.constantFrom('multipart/form-data', 'multipart/mixed', 'text/plain', 'application/json'),
  field: fc.constantFrom('file', 'File', 'other', ''),
  filename: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('cv.txt'), fc.constant('../../etc/passwd')),
  dispositionStyle: fc.constantFrom('normal', 'no-filename', 'no-name', 'garbage', 'missing'),
  extraHeaders: fc.array(fc.string({ unit: 'grapheme-ascii', maxLength: 120 }), { maxLength: 20 }),
  content: fc.uint8Array({ maxLength: 2048 }),
  partsBefore: fc.nat({ max: 20 }),
  close: fc.constantFrom('closed', 'no-close', 'no-final-dashes'),
  truncateAt: fc.option(fc.nat(), { nil: undefined }),
  lf: fc.boolean(),
});

type MultipartCase = typeof multipartCase extends fc.Arbitrary<infer T> ? T : never;

function encode(c: MultipartCase): { body: Buffer; contentType: string } {
  const nl = c.lf ? '\n' : '\r\n';
  const b = c.boundary;
  const param = {
    same: `; boundary=${b}`,
    quoted: `; boundary="${b}"`,
    other: '; boundary=zzz',
    missing: '',
    empty: '; boundary=',
  }[c.headerBoundary];
  const name = JSON.stringify(c.field);
  const disposition = {
    normal: `Content-Disposition: form-data; name=${name}; filename=${JSON.stringify(c.filename)}`,
    'no-filename': `Content-Disposition: form-data; name=${name}`,
    'no-name': `Content-Disposition: form-data; filename=${JSON.stringify(c.filename)}`,
    garbage: `Content-Disposition: ${c.filename}`,
    missing: '',
  }[c.dispositionStyle];
  const chunks: Buffer[] = [];
  for (let i = 0; i < c.partsBefore; i++)
    chunks.push(
      Buffer.from(`--${b}${nl}Content-Disposition: form-data; name="f${i}"${nl}${nl}value ${i}${nl}`),
    );
  const headers = [disposition, ...c.extraHeaders.map((h) => h.replace(/[\r\n]/g, ' '))].filter(
    (h) => h !== '',
  );
  chunks.push(Buffer.from(`--${b}${nl}${headers.join(nl)}${nl}${nl}`), Buffer.from(c.content));
  if (c.close === 'closed') chunks.push(Buffer.from(`${nl}--${b}--${nl}`));
  if (c.close === 'no-final-dashes') chunks.push(Buffer.from(`${nl}--${b}${nl}`));
  let body = Buffer.concat(chunks);
  if (c.truncateAt !== undefined) body = body.subarray(0, c.truncateAt % (body.length + 1));
  return { body, contentType: `${c.contentType}${param}` };
}

/**
 * Random multipart bodies against the real upload route: the server never crashes, answers every
 * fault with a clear code (never a 500), and stores nothing for a request it refused.
 */
export function multipartProperty(gate: DemoGate, runs: number): Promise<PropertyResult> {
  const url = `${gate.url}/api/threads/${gate.demo.threadId}/files`;
  const objects = async (): Promise<number> => {
    let n = 0;
    for await (const _ of gate.objects.keys?.() ?? []) n++;
    return n;
  };
  return check(
    'multipart reader: random boundaries, headers, parts and truncations (real HTTP)',
    [
      'the server never crashes (it answers /healthz after each)',
      'never a 500; every refusal is JSON with a code and a message',
      'a refused request stores no object and records no file',
    ],
    runs,
    fc.asyncProperty(multipartCase, async (c) => {
      const { body, contentType } = encode(c);
      const filesBefore = gate.app.filesOf(gate.demo.threadId).length;
      const objectsBefore = await objects();
      const answer = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': contentType, authorization: `Bearer ${gate.demo.candidateToken}` },
      });
      const text = await answer.text();
      if (!EXPECTED.has(answer.status)) throw new Error(`answered ${answer.status}: ${text.slice(0, 200)}`);
      if (answer.status !== 202) {
        const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
        if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.message === '')
          throw new Error(`a ${answer.status} without a code and message: ${text.slice(0, 200)}`);
        if (gate.app.filesOf(gate.demo.threadId).length !== filesBefore)
          throw new Error('a refused upload was recorded');
        if ((await objects()) !== objectsBefore) throw new Error('a refused upload left an object');
      } else if (gate.app.filesOf(gate.demo.threadId).length !== filesBefore + 1)
        throw new Error('a 202 without its file');
      if (!(await fetch(`${gate.url}/healthz`)).ok) throw new Error('the server stopped answering');
      return true;
    }),
  );
}

/** `bytes` with `edits` applied: each overwrites, inserts or deletes at a position (modulo the length). */
function mutate(bytes: Buffer, edits: readonly { at: number; kind: 0 | 1 | 2; byte: number }[]): Buffer {
  let out = Buffer.from(bytes);
  for (const { at, kind, byte } of edits) {
    const i = at % Math.max(1, out.length);
    if (kind === 0) out[i] = byte;
    else if (kind === 1) out = Buffer.concat([out.subarray(0, i), Buffer.from([byte]), out.subarray(i)]);
    else out = Buffer.concat([out.subarray(0, i), out.subarray(i + 1)]);
  }
  return out;
}

const edits = fc.array(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom(0 as const, 1 as const, 2 as const),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  { minLength: 1, maxLength: 8 },
);

/** Runs the engine; a throw out of it is the fault the property looks for. */
async function verdictOf(scanner: Scanner, name: string, bytes: Buffer): Promise<string> {
  const result = await scanner.scan(bytesSubject(name, bytes));
  if (!['clean', 'infected', 'rejected', 'error'].includes(result.kind))
    throw new Error(`no verdict: ${result.kind}`);
  return result.kind;
}

/**
 * Mutated small PDFs (one with JavaScript in its OpenAction) and legacy Office files (one with a
 * macro storage): the engine never throws, always gives a verdict, and never calls `clean` a
 * mutated file whose active-content marker is still there byte for byte.
 */
export function inspectorProperties(scanner: Scanner, runs: number): Promise<PropertyResult>[] {
  const pdfs = [
    buildPdf(),
    buildPdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' }),
  ];
  // The action's own bytes, the name whole (`/JavaScript` then a delimiter): wherever they still
  // stand, a reader that repairs the file may run them.
  // A `%` before it on its line makes it a comment, which no reader runs.
  const action = /^[^%\r\n]*\/S\s+\/JavaScript[\0\t\n\f\r ()<>[\]{}/%]/m;
  const utf16 = (s: string) => Buffer.from(s, 'utf16le');
  const oles = [
    buildOle([{ name: 'WordDocument', data: Buffer.alloc(700, 1) }]),
    buildOle([
      { name: 'WordDocument', data: Buffer.alloc(700, 1) },
      { name: 'Macros', storage: true },
      { name: '_VBA_PROJECT', data: Buffer.alloc(600, 2) },
    ]),
  ];
  // The `Macros` directory entry whole: name, name length and type (MS-CFB §2.6.1).
  const withMacros = oles[1] as Buffer;
  const at = withMacros.indexOf(utf16('Macros\0'));
  const macrosEntry = withMacros.subarray(at, at + 0x43);
  return [
    check(
      'PDF inspection: mutated documents',
      [
        'the engine never throws and always gives a verdict',
        'never clean while the bytes `/S /JavaScript` (the name whole) appear outside a comment, however the structure around them is broken',
      ],
      runs,
      fc.asyncProperty(fc.integer({ min: 0, max: 1 }), edits, async (which, e) => {
        const bytes = mutate(pdfs[which] as Buffer, e);
        const kind = await verdictOf(scanner, 'cv.pdf', bytes);
        return !(kind === 'clean' && which === 1 && action.test(bytes.toString('latin1')));
      }),
    ),
    check(
      'OLE inspection: mutated legacy Office files',
      [
        'the engine never throws and always gives a verdict',
        'never clean while the header and the `Macros` directory entry are intact, bytes shifted or not',
      ],
      runs,
      fc.asyncProperty(fc.integer({ min: 0, max: 1 }), edits, async (which, e) => {
        const bytes = mutate(oles[which] as Buffer, e);
        const kind = await verdictOf(scanner, 'old.doc', bytes);
        const original = oles[which] as Buffer;
        const sound = bytes.subarray(0, 512).equals(original.subarray(0, 512)) && bytes.includes(macrosEntry);
        return !(kind === 'clean' && which === 1 && sound);
      }),
    ),
  ];
}
