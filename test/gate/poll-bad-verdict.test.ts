import { describe, expect, it } from 'vitest';
import { MAX_POLL_ATTEMPTS } from '../../src/gate/release/verdict-poller.js';
import type { Logger } from '../../src/shared/logger.js';
import { verdictItem } from '../stream/stream-fixtures.js';
import { eventually, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

type Line = { level: 'warn' | 'error'; obj: Record<string, unknown>; msg: string };

/** Keeps the warn and error lines the server logs, whichever child logged them. */
function capturingLogger(lines: Line[]): Logger {
  const logger: Logger = {
    info() {},
    debug() {},
    warn: (obj, msg = '') => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg = '') => lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
    child: () => logger,
  };
  return logger;
}

const about = (lines: Line[], fileId: string) => lines.filter((l) => l.obj.fileId === fileId);

describe('--release poll with a verdict the web app can never apply', () => {
  it('retries it for a few polls, then logs it as an error and releases the verdicts after it', async () => {
    const data = await tempDataDir();
    const lines: Line[] = [];
    const gate = await startTestGate(data.dir, {
      release: 'poll',
      pollIntervalMs: 3_600_000,
      logger: capturingLogger(lines),
    });
    try {
      // A verdict for a file the web app does not have (FILE_NOT_FOUND from the real receiver),
      // written before any real one so that every poll meets it first.
      expect(await gate.verdicts.put(verdictItem('no-such-file', { writtenAt: 1 }))).toEqual({
        written: true,
      });
      const response = await upload(gate.url, gate.demo.threadId, gate.demo.candidateToken, 'ok\n');
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };
      await eventually(async () => (await gate.verdicts.get(id)) ?? undefined);

      for (let poll = 1; poll < MAX_POLL_ATTEMPTS; poll++) {
        expect(await gate.poller?.tick()).toBe(0);
        expect(gate.app.getFile(id)?.status).not.toBe('published');
      }
      expect(about(lines, 'no-such-file').map((l) => l.level)).toEqual(
        Array(MAX_POLL_ATTEMPTS - 1).fill('warn'),
      );
      expect(await gate.poller?.tick()).toBe(1);
      expect(gate.app.getFile(id)?.status).toBe('published');
      const skipped = about(lines, 'no-such-file').at(-1);
      expect(skipped?.level).toBe('error');
      expect(skipped?.msg).toMatch(/skipping a verdict that failed 5 polls in a row/);
      // The reason is the receiver's own error.
      expect(skipped?.obj.err).toMatchObject({ code: 'FILE_NOT_FOUND' });
      // Past it for good: the next poll neither retries it nor re-applies the real one.
      expect(await gate.poller?.tick()).toBe(0);
      expect(about(lines, 'no-such-file')).toHaveLength(MAX_POLL_ATTEMPTS);
      expect(gate.app.watermark('verdict-poll')).toBeGreaterThan(1);
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });
});
