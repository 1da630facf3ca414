import { describe, expect, it } from 'vitest';
import { eicarTestString } from '../../src/gate/scan/builtin/eicar.js';
import { get, settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

interface Summary {
  uploads: { t: number; count: number }[];
  verdicts: { t: number; clean: number; infected: number; rejected: number; error: number }[];
  latency: {
    uploadToPublished: {
      buckets: { le: number | string; count: number }[];
      p50: number | null;
      p99: number | null;
    };
  };
  engines: { engine: string; version: string }[];
}

const sum = (rows: readonly Record<string, number>[], key: string) =>
  rows.reduce((total, row) => total + (row[key] ?? 0), 0);

describe('/api/ops/summary across a restart on the same data directory', () => {
  it('reports the same uploads, verdicts and latency after the server restarts', {
    timeout: 60_000,
  }, async () => {
    const data = await tempDataDir();
    try {
      const first = await startTestGate(data.dir);
      const { threadId, candidateToken, operatorToken } = first.demo;
      const ids: string[] = [];
      for (const [name, body] of [
        ['cv.txt', 'Hanako Yamada, CV\n'],
        ['cover-letter.txt', 'Dear Sample Inc.\n'],
        ['eicar.txt', eicarTestString],
      ] as const)
        ids.push(
          ((await (await upload(first.url, threadId, candidateToken, body, name)).json()) as { id: string })
            .id,
        );
      for (const id of ids) await settledFile(first.url, id, candidateToken, 30_000);
      const before = (await (await get(first.url, '/api/ops/summary', operatorToken)).json()) as Summary;
      await first.close();

      const second = await startTestGate(data.dir);
      try {
        const after = (await (await get(second.url, '/api/ops/summary', operatorToken)).json()) as Summary;
        expect(sum(before.uploads, 'count')).toBe(3);
        expect(sum(before.verdicts, 'clean')).toBe(2);
        expect(sum(before.verdicts, 'infected')).toBe(1);
        expect(before.latency.uploadToPublished.buckets.at(-1)).toEqual({ le: '+Inf', count: 2 });
        expect(before.latency.uploadToPublished.p50).not.toBeNull();
        // Nothing the page shows was kept only in the first process's memory.
        expect(after.uploads).toEqual(before.uploads);
        expect(after.verdicts).toEqual(before.verdicts);
        expect(after.latency).toEqual(before.latency);
        // The engine's version too: the newest stored verdict's, not "not yet used".
        expect(after.engines).toEqual(before.engines);
        expect(after.engines[0]?.version).toMatch(/^builtin \d/);
      } finally {
        await second.close();
      }
    } finally {
      await data.cleanup();
    }
  });
});
