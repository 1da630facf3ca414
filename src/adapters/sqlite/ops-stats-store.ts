// better-sqlite3: read-only connections beside the writers; WAL lets them read without blocking.
import Database from 'better-sqlite3';
import type { OpsStatsStore } from '../../gate/app/ops-stats-store.js';
import type { VerdictKind } from '../../gate/verdict.js';

const MINUTE = 60_000;

const KINDS: readonly VerdictKind[] = ['clean', 'infected', 'rejected', 'error'];

/**
 * Opens read-only connections to `<data>/app.sqlite` and `<data>/gate.sqlite` (both must exist:
 * open them for writing first). Read-only, so the page can never change what it reports on.
 */
export function openOpsStatsStore(paths: { readonly app: string; readonly gate: string }): OpsStatsStore {
  const app = new Database(paths.app, { readonly: true, fileMustExist: true });
  const gate = new Database(paths.gate, { readonly: true, fileMustExist: true });
  const uploads = app.prepare<[number], { t: number; count: number }>(
    `SELECT (created_at / ${MINUTE}) * ${MINUTE} AS t, COUNT(*) AS count FROM files
     WHERE created_at >= ? GROUP BY t ORDER BY t`,
  );
  const latencies = app.prepare<[number], { ms: number }>(
    `SELECT published_at - created_at AS ms FROM files
     WHERE published_at >= ? AND verdict_version = 1 ORDER BY ms`,
  );
  // The kind sits in the record's DynamoDB image: {"verdict":{"M":{"kind":{"S":"clean"}}}}.
  const verdicts = gate.prepare<[number], { t: number; kind: string; count: number }>(
    `SELECT (created_at / ${MINUTE}) * ${MINUTE} AS t,
            json_extract(new_image, '$.verdict.M.kind.S') AS kind, COUNT(*) AS count
     FROM stream_records WHERE created_at >= ? AND event_name IN ('INSERT', 'MODIFY')
     GROUP BY t, kind ORDER BY t`,
  );
  const newestEngines = gate.prepare<[], { engines: string | null }>(
    `SELECT json_extract(image, '$.verdict.M.engines.L') AS engines FROM verdicts
     ORDER BY written_at DESC LIMIT 1`,
  );
  return {
    lastEngineVersions() {
      const list = newestEngines.get()?.engines;
      if (list === null || list === undefined) return [];
      return (JSON.parse(list) as { M?: { engine?: { S?: string }; version?: { S?: string } } }[]).flatMap(
        (item) => {
          const engine = item.M?.engine?.S;
          const version = item.M?.version?.S;
          return engine === undefined || version === undefined ? [] : [{ engine, version }];
        },
      );
    },
    uploadsPerMinute: (since) => uploads.all(since),
    verdictsPerMinute(since) {
      const minutes = new Map<number, Record<VerdictKind, number>>();
      for (const { t, kind, count } of verdicts.all(since)) {
        if (!(KINDS as readonly string[]).includes(kind)) continue;
        const row = minutes.get(t) ?? { clean: 0, infected: 0, rejected: 0, error: 0 };
        row[kind as VerdictKind] += count;
        minutes.set(t, row);
      }
      return [...minutes].map(([t, counts]) => ({ t, ...counts }));
    },
    uploadToPublishedMs: (since) => latencies.all(since).map((row) => row.ms),
    close() {
      app.close();
      gate.close();
    },
  };
}
