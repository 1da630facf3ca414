import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openGateDatabase } from '../../src/adapters/sqlite/open-gate-database.js';
import type { Scanner } from '../../src/gate/ports.js';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import type { EngineResult } from '../../src/gate/verdict.js';
import { samples } from '../fixtures/files/samples.js';
import { eventually, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

describe('shutdown while a scan is running', () => {
  it('writes no verdict for the scan the shutdown cut short, and the next start scans the file again', async () => {
    const data = await tempDataDir();
    let scanStarted = false;
    let finish: ((result: EngineResult) => void) | undefined;
    // An engine that answers when the test says so: here, with the error an aborted scan reports.
    const slow: Scanner = {
      name: 'slow',
      scan: () =>
        new Promise<EngineResult>((resolve) => {
          scanStarted = true;
          finish = resolve;
        }),
    };
    const first = await startTestGate(data.dir, { engines: [slow] });
    const { threadId, candidateToken } = first.demo;
    let id = '';
    try {
      id = (
        (await (await upload(first.url, threadId, candidateToken, samples.text)).json()) as { id: string }
      ).id;
      await eventually(() => (scanStarted ? true : undefined));
      const closed = first.close();
      finish?.({
        engine: 'slow',
        version: '1',
        kind: 'error',
        findings: [{ engine: 'slow', rule: 'engine-error', detail: 'The scan was aborted: shutting down.' }],
      });
      await closed;
    } finally {
      await first.close();
    }
    const stopped = openGateDatabase(join(data.dir, 'gate.sqlite'));
    try {
      expect(await stopped.verdicts.get(id)).toBeNull();
    } finally {
      stopped.close();
    }

    const second = await startTestGate(data.dir, { engines: [createBuiltinScanner()] });
    try {
      const view = await settledFile(second.url, id, candidateToken);
      expect(view).toMatchObject({ status: 'published', verdict: { version: 1, kind: 'clean' } });
      expect((await second.verdicts.get(id))?.verdict.kind).toBe('clean');
    } finally {
      await second.close();
      await data.cleanup();
    }
  });
});
