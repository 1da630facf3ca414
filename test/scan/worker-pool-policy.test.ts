import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSubject } from '../../src/adapters/fs/file-subject.js';
import { createWorkerPoolScanner } from '../../src/adapters/worker-scanner/worker-pool-scanner.js';
import { parseScanPolicy } from '../../src/gate/scan/scan-policy.js';
import { buildPdf } from '../fixtures/files/build-pdf.js';
import { samples } from '../fixtures/files/samples.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-pool-policy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the worker pool with an accepted-types policy', () => {
  it('applies the policy in its workers', async () => {
    const parsed = parseScanPolicy({ accept: ['application/pdf'] });
    if (!('policy' in parsed)) throw new Error(parsed.problems.join());
    const pool = createWorkerPoolScanner({ size: 1, policy: parsed.policy });
    try {
      const kinds: string[] = [];
      for (const [name, bytes] of [
        ['cv.pdf', buildPdf()],
        ['notes.txt', samples.text],
      ] as const) {
        const path = join(dir, name);
        await writeFile(path, bytes);
        const result = await pool.scan(await fileSubject(path, name));
        kinds.push(`${name}:${result.kind}:${result.findings.map((f) => f.rule).join()}`);
      }
      expect(kinds).toEqual(['cv.pdf:clean:', 'notes.txt:rejected:type-not-allowed']);
    } finally {
      await pool.close();
    }
  });
});
