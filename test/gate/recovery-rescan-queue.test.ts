import { describe, expect, it } from 'vitest';
import type { Scanner } from '../../src/gate/ports.js';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { samples } from '../fixtures/files/samples.js';
import { eventually, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

describe('a re-scan', () => {
  it('answers 202 at once and waits for a scan slot like an upload does', async () => {
    const data = await tempDataDir();
    const gate = await startTestGate(data.dir, { scanConcurrency: 1, engines: [createBuiltinScanner()] });
    try {
      const { threadId, candidateToken, operatorToken } = gate.demo;
      const { id } = (await (await upload(gate.url, threadId, candidateToken, samples.text)).json()) as {
        id: string;
      };
      expect((await settledFile(gate.url, id, candidateToken)).status).toBe('published');

      // From now on every scan waits for `open()`, and the engine counts scans running at once.
      let open: () => void = () => {};
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      let running = 0;
      let most = 0;
      let started = 0;
      const builtin = createBuiltinScanner();
      const held: Scanner = {
        name: 'builtin',
        scan: async (subject, signal) => {
          running++;
          started++;
          most = Math.max(most, running);
          try {
            await opened;
            return await builtin.scan(subject, signal);
          } finally {
            running--;
          }
        },
      };
      gate.setEngines([held]);
      const other = (await (
        await upload(gate.url, threadId, candidateToken, 'another file', 'b.txt')
      ).json()) as {
        id: string;
      };
      await eventually(() => (started === 1 ? true : undefined));

      // The only slot is taken: the re-scan is queued, and the answer does not wait for it.
      const rescan = await fetch(`${gate.url}/api/files/${id}/rescan`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operatorToken}` },
        signal: AbortSignal.timeout(3_000),
      });
      expect(rescan.status).toBe(202);
      expect(started).toBe(1);
      expect(gate.scans.pending).toBe(2);

      open();
      await gate.scans.idle();
      expect(most).toBe(1);
      expect(started).toBe(2);
      expect((await gate.verdicts.get(id))?.version).toBe(2);
      expect((await settledFile(gate.url, other.id, candidateToken)).status).toBe('published');
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });

  it('still answers 404 for an unknown file and 409 before the first verdict', async () => {
    const data = await tempDataDir();
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const builtin = createBuiltinScanner();
    const held: Scanner = {
      name: 'builtin',
      scan: async (subject, signal) => {
        await opened;
        return builtin.scan(subject, signal);
      },
    };
    const gate = await startTestGate(data.dir, { engines: [held] });
    try {
      const { threadId, candidateToken, operatorToken } = gate.demo;
      const { id } = (await (await upload(gate.url, threadId, candidateToken, samples.text)).json()) as {
        id: string;
      };
      const post = (fileId: string) =>
        fetch(`${gate.url}/api/files/${fileId}/rescan`, {
          method: 'POST',
          headers: { authorization: `Bearer ${operatorToken}` },
        });
      expect((await post('f_nope')).status).toBe(404);
      const pending = await post(id);
      expect(pending.status).toBe(409);
      expect(((await pending.json()) as { error: { code: string } }).error.code).toBe('SCAN_PENDING');
      open();
      expect((await settledFile(gate.url, id, candidateToken)).status).toBe('published');
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });
});
