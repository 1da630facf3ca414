import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scanner } from '../../src/gate/ports.js';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import type { DemoInfo } from '../../src/runtime/gate/demo-seed.js';
import type { RunningGate } from '../../src/runtime/gate/start-gate.js';
import type { Logger } from '../../src/shared/logger.js';
import { samples } from '../fixtures/files/samples.js';
import { settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

/** A logger that hands every warning to `onWarn` (the test reacts to a failed attempt). */
function watchingLogger(onWarn: (msg: string | undefined, obj: object) => void): Logger {
  const logger: Logger = {
    info() {},
    error() {},
    debug() {},
    warn(obj, msg) {
      onWarn(msg, obj);
    },
    child: () => logger,
  };
  return logger;
}

/**
 * A gate scanning one file at a time, whose first scan waits for `open()`; uploads A (which holds
 * the only scan slot) and B (queued), and moves B's quarantined object away before B's scan runs.
 */
async function withMissingObject(
  dir: string,
  onAttemptFailed: (restore: () => Promise<void>) => void,
): Promise<{ gate: RunningGate & { demo: DemoInfo }; id: string; attempts: () => number }> {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const builtin = createBuiltinScanner();
  const gatekeeper: Scanner = {
    name: 'builtin',
    scan: async (subject, signal) => {
      await opened;
      return builtin.scan(subject, signal);
    },
  };
  let failures = 0;
  let restore: () => Promise<void> = async () => {};
  const gate = await startTestGate(dir, {
    engines: [gatekeeper],
    scanConcurrency: 1,
    logger: watchingLogger((msg) => {
      if (msg !== 'scan attempt failed') return;
      failures++;
      onAttemptFailed(restore);
    }),
  });
  const { threadId, candidateToken } = gate.demo;
  await upload(gate.url, threadId, candidateToken, samples.text, 'a.txt');
  const { id } = (await (
    await upload(gate.url, threadId, candidateToken, 'second file', 'b.txt')
  ).json()) as {
    id: string;
  };
  const stored = join(dir, 'objects', 'quarantine', id);
  await rename(stored, `${stored}.away`);
  restore = () => rename(`${stored}.away`, stored);
  open();
  return { gate, id, attempts: () => failures };
}

describe('a scan job that throws', () => {
  it('is retried, and publishes the file once the cause is gone', async () => {
    const data = await tempDataDir();
    let restored = false;
    const { gate, id, attempts } = await withMissingObject(data.dir, (restore) => {
      if (restored) return;
      restored = true;
      void restore();
    });
    try {
      const view = await settledFile(gate.url, id, gate.demo.candidateToken);
      expect(view).toMatchObject({ status: 'published', verdict: { version: 1, kind: 'clean' } });
      expect(attempts()).toBe(1);
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });

  it('fails closed after the last attempt, with an explanation for the uploader', async () => {
    const data = await tempDataDir();
    const { gate, id, attempts } = await withMissingObject(data.dir, () => {});
    try {
      const view = await settledFile(gate.url, id, gate.demo.candidateToken);
      expect(view).toMatchObject({ status: 'failed', verdict: { version: 1, kind: 'error' } });
      expect(JSON.stringify(view)).toMatch(/could not run after 3 attempts/);
      expect(attempts()).toBe(3);
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });
});
