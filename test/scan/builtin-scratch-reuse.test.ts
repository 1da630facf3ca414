// The built-in engine reads each file whole into a buffer it reuses from scan to scan
// (scratch-buffers.ts). These scans, on real files through fileSubject, check that a file is judged
// on its own bytes only: never on what an earlier or concurrent scan left in a reused buffer.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSubject } from '../../src/adapters/fs/file-subject.js';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { buildPdf } from '../fixtures/files/build-pdf.js';

let dir: string;
let large: string;
let small: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-scratch-'));
  // A large PDF whose JavaScript sits 2 MB in, past the end of the small one: a scan of the small
  // file that read past its own end, into the large file's leftovers, would find it.
  const script = buildPdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' });
  const headerEnd = script.indexOf('\n') + 1;
  const padding = Buffer.from(`%${'x'.repeat(2 * 1024 * 1024)}\n`);
  large = join(dir, 'large.pdf');
  await writeFile(large, Buffer.concat([script.subarray(0, headerEnd), padding, script.subarray(headerEnd)]));
  small = join(dir, 'small.pdf');
  await writeFile(small, buildPdf());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('built-in engine: buffers reused from scan to scan', () => {
  it('judges a small file on its own bytes after a large one', async () => {
    const engine = createBuiltinScanner();
    for (let i = 0; i < 3; i++) {
      expect((await engine.scan(await fileSubject(large))).kind).toBe('rejected');
      expect((await engine.scan(await fileSubject(small))).kind).toBe('clean');
    }
  });

  it('gives concurrent scans a buffer each', async () => {
    const engine = createBuiltinScanner();
    const subjects = await Promise.all([large, small, large, small].map((p) => fileSubject(p)));
    const kinds = (await Promise.all(subjects.map((s) => engine.scan(s)))).map((r) => r.kind);
    expect(kinds).toEqual(['rejected', 'clean', 'rejected', 'clean']);
  });
});
