import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSubject } from '../../src/adapters/fs/file-subject.js';
import { createWorkerPoolScanner } from '../../src/adapters/worker-scanner/worker-pool-scanner.js';
import type { StoredSubject } from '../../src/gate/ports.js';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { bytesSubject } from '../../src/gate/scan/builtin/bytes-subject.js';
import { scanFile } from '../../src/gate/scan/scan-file.js';
import { systemClock } from '../../src/shared/clock.js';
import { buildPdf } from '../fixtures/files/build-pdf.js';
import { buildOoxml, buildZip } from '../fixtures/files/build-zip.js';
import { samples } from '../fixtures/files/samples.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-pool-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function onDisk(name: string, bytes: Uint8Array | string): Promise<StoredSubject> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  await writeFile(path, bytes);
  return fileSubject(path, name);
}

const misbehaving = new URL('./fixtures/misbehaving-scan-worker.ts', import.meta.url);

describe('the built-in engine in a worker pool', () => {
  it('gives the same results as in-process for clean, EICAR, macro and zip-bomb files', async () => {
    const pool = createWorkerPoolScanner({ size: 2 });
    const inProcess = createBuiltinScanner();
    try {
      const files: [string, Uint8Array | string][] = [
        ['cv.pdf', buildPdf()],
        ['notes.txt', samples.text],
        ['eicar.txt', samples.eicar],
        ['macros.docm', buildOoxml('docx', { macros: true })],
        ['bomb.zip', buildZip([{ name: 'zeros.txt', data: Buffer.alloc(50 * 1024 * 1024) }])],
      ];
      const kinds: string[] = [];
      for (const [name, bytes] of files) {
        const subject = await onDisk(name, bytes);
        const [pooled, local] = await Promise.all([pool.scan(subject), inProcess.scan(subject)]);
        expect(pooled).toEqual(local);
        kinds.push(`${name}:${pooled.kind}`);
      }
      expect(kinds).toEqual([
        'cv.pdf:clean',
        'notes.txt:clean',
        'eicar.txt:infected',
        'macros.docm:rejected',
        'bomb.zip:rejected',
      ]);
      expect(pool.stats()).toMatchObject({ size: 2, busy: 0, queued: 0, replaced: 0 });
    } finally {
      await pool.close();
    }
  });

  it('passes the limits and the denylist to its workers', async () => {
    const subject = await onDisk('notes.txt', samples.text);
    const pool = createWorkerPoolScanner({ size: 1, denylist: [subject.sha256.toUpperCase()] });
    try {
      const result = await pool.scan(subject);
      expect(result.kind).toBe('infected');
      expect(result.findings.map((f) => f.rule)).toContain('sha256-denylist');
    } finally {
      await pool.close();
    }
  });

  it('queues scans beyond its size and answers every one', async () => {
    const pool = createWorkerPoolScanner({ size: 1 });
    try {
      const subjects = await Promise.all([1, 2, 3, 4].map((n) => onDisk(`cv${n}.pdf`, buildPdf())));
      const results = await Promise.all(subjects.map((s) => pool.scan(s)));
      expect(results.map((r) => r.kind)).toEqual(['clean', 'clean', 'clean', 'clean']);
      expect(pool.stats().workers).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('gives error for a subject that is not a file on disk', async () => {
    const pool = createWorkerPoolScanner({ size: 1 });
    const result = await pool.scan(bytesSubject('cv.txt', Buffer.from(samples.text)));
    expect(result.kind).toBe('error');
    await pool.close();
  });
});

describe('a worker pool whose workers fail', () => {
  it('gives error when a worker crashes, and replaces it for the next scan', async () => {
    const pool = createWorkerPoolScanner({ size: 1, workerUrl: misbehaving });
    try {
      const crashed = await pool.scan(await onDisk('crash.txt', 'x'));
      expect(crashed.kind).toBe('error');
      expect(crashed.findings[0]).toMatchObject({ rule: 'engine-error' });
      expect(crashed.findings[0]?.detail).toContain('the worker fell over');
      const exited = await pool.scan(await onDisk('exit.txt', 'x'));
      expect(exited.kind).toBe('error');
      expect(exited.findings[0]?.detail).toContain('code 7');
      expect((await pool.scan(await onDisk('fine.txt', 'x'))).kind).toBe('clean');
      expect(pool.stats().replaced).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('terminates a worker that spins past the timeout, gives error, and keeps scanning', async () => {
    // The replacement worker boots (loads its modules) inside the queued scan's time: 4 s leaves
    // room for a busy machine.
    const pool = createWorkerPoolScanner({ size: 1, workerUrl: misbehaving, timeoutMs: 4000 });
    try {
      const [hung, queued] = await Promise.all([
        pool.scan(await onDisk('hang.txt', 'x')),
        pool.scan(await onDisk('after.txt', 'x')),
      ]);
      expect(hung.kind).toBe('error');
      expect(hung.findings[0]).toMatchObject({ rule: 'engine-timeout' });
      expect(queued.kind).toBe('clean');
      expect(pool.stats()).toMatchObject({ replaced: 1, busy: 0 });
    } finally {
      await pool.close();
    }
  });

  it("fails closed under scanFile's deadline: the verdict is error and the busy worker is stopped", async () => {
    const pool = createWorkerPoolScanner({ size: 1, workerUrl: misbehaving });
    try {
      const verdict = await scanFile(await onDisk('hang.txt', 'x'), [pool], {
        timeoutMs: 1500,
        clock: systemClock,
      });
      expect(verdict.kind).toBe('error');
      expect(verdict.findings.map((f) => f.rule)).toEqual(['engine-timeout']);
      expect(pool.stats()).toMatchObject({ replaced: 1, workers: 0 });
    } finally {
      await pool.close();
    }
  });

  it('ends queued and running scans as error when closed', async () => {
    const pool = createWorkerPoolScanner({ size: 1, workerUrl: misbehaving });
    const running = pool.scan(await onDisk('hang.txt', 'x'));
    const queued = pool.scan(await onDisk('fine.txt', 'x'));
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    expect((await running).kind).toBe('error');
    expect((await queued).kind).toBe('error');
  });
});
