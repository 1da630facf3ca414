import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  openSqliteVerdictStore,
  type SqliteVerdictStore,
} from '../../src/adapters/sqlite/sqlite-verdict-store.js';
import {
  createWorkerPoolScanner,
  type WorkerPoolScanner,
} from '../../src/adapters/worker-scanner/worker-pool-scanner.js';
import type { ObjectStore } from '../../src/gate/ports.js';
import { makeScanJob, type ScanJobDeps, type ScanRequest } from '../../src/gate/scan/scan-job.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createMemoryObjectStore } from '../contracts/memory-object-store.js';
import { buildPdf } from '../fixtures/files/build-pdf.js';
import { samples } from '../fixtures/files/samples.js';
import { fakeClock, tempDir } from '../stream/stream-fixtures.js';

let pool: WorkerPoolScanner;
beforeAll(() => {
  pool = createWorkerPoolScanner({ size: 1 });
});
afterAll(async () => {
  await pool.close();
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function verdictTable(): SqliteVerdictStore {
  const tmp = tempDir();
  const store = openSqliteVerdictStore({ path: tmp.file, clock: fakeClock() });
  cleanups.push(() => {
    store.close();
    tmp.cleanup();
  });
  return store;
}

async function* once(bytes: Uint8Array | string): AsyncIterable<Uint8Array> {
  yield typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
}

async function stored(objects: ObjectStore, key: string, bytes: Uint8Array | string): Promise<ScanRequest> {
  const { sha256 } = await objects.putQuarantined(key, once(bytes), 1024 * 1024);
  return { fileId: key, threadId: 't-1', objectKey: key, displayName: `${key}.txt`, sha256, uploadedAt: 1 };
}

const noSleep = async () => {};

/** The scan job over a memory object store, a real SQLite verdict table and the worker pool. */
function jobOver(options: Partial<ScanJobDeps> = {}) {
  const objects = createMemoryObjectStore();
  const verdicts = verdictTable();
  const job = makeScanJob({
    objects,
    verdicts,
    engines: () => [pool],
    clock: fakeClock(),
    logger: silentLogger,
    sleep: noSleep,
    ...options,
  });
  return { objects, verdicts, job };
}

describe('the scan job', () => {
  it('scans an object that is not on local disk with the built-in engine in its worker pool', async () => {
    const { objects, verdicts, job } = jobOver();
    const eicar = await stored(objects, 'f-eicar', samples.eicar);
    const cv = { ...(await stored(objects, 'f-cv', buildPdf())), displayName: 'cv.pdf' };
    await job.run({ ...eicar, version: 1 });
    await job.run({ ...cv, version: 1 });
    const infected = await verdicts.get('f-eicar');
    expect(infected?.verdict.kind).toBe('infected');
    expect(infected?.verdict.findings.map((f) => f.engine)).toContain('builtin');
    expect((await verdicts.get('f-cv'))?.verdict.kind).toBe('clean');
    // Each scan spooled the object to a temporary file for the worker.
    expect(objects.spooled).toBe(2);
  });

  it('writes version 1 once for an upload, and the next version for a re-scan', async () => {
    const written: [number, boolean][] = [];
    const { objects, verdicts, job } = jobOver({ onWritten: (item, ok) => written.push([item.version, ok]) });
    const request = await stored(objects, 'f-1', samples.text);
    await job.scanOnce({ ...request, version: 1 });
    // A second delivery of the upload's job (an at-least-once queue) writes nothing new.
    await job.scanOnce({ ...request, version: 1 });
    await job.scanOnce(request);
    expect(written).toEqual([
      [1, true],
      [1, false],
      [2, true],
    ]);
    expect((await verdicts.get('f-1'))?.version).toBe(2);
  });

  it('retries a job whose object cannot be read, then fails closed with a verdict that explains itself', async () => {
    const delays: number[] = [];
    const { verdicts, job } = jobOver({
      sleep: async (ms) => {
        delays.push(ms);
      },
      retryBaseMs: 100,
    });
    await job.run({
      fileId: 'f-gone',
      threadId: 't-1',
      objectKey: 'f-gone',
      displayName: 'gone.txt',
      sha256: 'a'.repeat(64),
      uploadedAt: 1,
      version: 1,
    });
    expect(delays).toEqual([100, 200]);
    const item = await verdicts.get('f-gone');
    expect(item?.verdict.kind).toBe('error');
    expect(item?.verdict.findings[0]?.detail).toContain('could not run after 3 attempts');
    expect(item?.verdict.sha256).toBe('a'.repeat(64));
  });

  it('writes nothing once stopping, and no error verdict a shutdown caused', async () => {
    let stopping = false;
    const { objects, verdicts, job } = jobOver({
      engines: () => [
        {
          name: 'aborted',
          async scan() {
            stopping = true;
            return { engine: 'aborted', version: '1', kind: 'error', findings: [] };
          },
        },
      ],
      stopping: () => stopping,
    });
    const request = await stored(objects, 'f-1', samples.text);
    expect(await job.scanOnce(request)).toBeNull();
    expect(await job.scanOnce(request)).toBeNull();
    expect(await verdicts.get('f-1')).toBeNull();
  });
});
