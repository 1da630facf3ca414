import type { CheckpointStore } from '../../gate/stream/ports.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import type { SqliteDatabase } from './open-sqlite-connection.js';

/** Stream consumers' checkpoints in the gate database, one row per consumer. */
export function openSqliteCheckpointStore(db: SqliteDatabase, clock: Clock = systemClock): CheckpointStore {
  db.exec(`CREATE TABLE IF NOT EXISTS stream_checkpoints (
    consumer TEXT PRIMARY KEY,
    sequence TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT`);
  const select = db.prepare('SELECT sequence FROM stream_checkpoints WHERE consumer = ?');
  const upsert = db.prepare(`INSERT INTO stream_checkpoints (consumer, sequence, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (consumer) DO UPDATE SET sequence = excluded.sequence, updated_at = excluded.updated_at`);
  return {
    async get(consumer) {
      const row = select.get(consumer) as { sequence: string } | undefined;
      return row?.sequence ?? null;
    },
    async set(consumer, sequence) {
      upsert.run(consumer, sequence, clock.now());
    },
  };
}
