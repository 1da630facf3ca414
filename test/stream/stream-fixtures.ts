import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerdictItem } from '../../src/gate/stream-record.js';
import type { Clock } from '../../src/shared/clock.js';

/** A clock the test moves by hand. */
export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)): FakeClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A fresh folder for a real SQLite file; `cleanup` removes it. */
export function tempDir(): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-stream-'));
  return {
    dir,
    file: join(dir, 'gate.sqlite'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A verdict item for `fileId`; override any field. */
export function verdictItem(fileId: string, overrides: Partial<VerdictItem> = {}): VerdictItem {
  return {
    fileId,
    threadId: 'thread-1',
    version: 1,
    verdict: {
      kind: 'clean',
      findings: [],
      engines: [{ engine: 'builtin', version: 'builtin 0.1.0' }],
      sha256: 'a'.repeat(64),
      detectedType: 'application/pdf',
      scannedAt: 1_700_000_000_000,
      durationMs: 12,
    },
    uploadedAt: 1_700_000_000_000,
    writtenAt: 1_700_000_000_100,
    ...overrides,
  };
}
