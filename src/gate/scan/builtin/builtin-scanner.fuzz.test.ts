import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildOle, buildWorkbookStream } from '../../../../test/fixtures/files/build-ole.js';
import { buildPdf } from '../../../../test/fixtures/files/build-pdf.js';
import { buildOoxml, buildZip } from '../../../../test/fixtures/files/build-zip.js';
import { samples } from '../../../../test/fixtures/files/samples.js';
import { prng } from '../../../../test/support/prng.js';
import { createBuiltinScanner } from './builtin-scanner.js';
import { bytesSubject } from './bytes-subject.js';

const seeds: readonly [string, Buffer][] = [
  ['cv.pdf', buildPdf({ objStm: '<< /Type /Annot >>' })],
  ['cv.docx', buildOoxml('docx')],
  ['a.zip', buildZip([{ name: 'inner.zip', data: buildZip([{ name: 'a.txt', data: 'hello' }]) }])],
  [
    'old.xls',
    buildOle([{ name: 'Workbook', data: Buffer.concat([buildWorkbookStream(false), Buffer.alloc(5000)]) }]),
  ],
  ['notes.txt.gz', gzipSync(samples.text)],
  ['photo.png', samples.png],
];

describe('built-in engine on damaged files', () => {
  it.each(seeds)(
    'answers every truncation and byte flip of %s with a verdict, never an engine error',
    async (name, bytes) => {
      const scanner = createBuiltinScanner();
      const random = prng(bytes.length);
      const variants: Buffer[] = [];
      for (let cut = 1; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 40)))
        variants.push(bytes.subarray(0, cut));
      for (let i = 0; i < 60; i++) {
        const copy = Buffer.from(bytes);
        for (let k = 0; k < 1 + random(4); k++) copy[random(copy.length)] = random(256);
        variants.push(copy);
      }
      const kinds = new Set<string>();
      for (const variant of variants) {
        const r = await scanner.scan(bytesSubject(name, variant));
        kinds.add(r.kind);
        expect(r.engine).toBe('builtin');
        if (r.kind === 'error') expect.fail(`engine error on a variant of ${name}: ${r.findings[0]?.detail}`);
      }
      expect(kinds.has('rejected')).toBe(true);
    },
  );
});
