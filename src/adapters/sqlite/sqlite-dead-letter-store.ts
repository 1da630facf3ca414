import { randomUUID } from 'node:crypto';
import type { DeadLetterEntry, DeadLetterStore } from '../../gate/stream/ports.js';
import type { StreamRecord } from '../../gate/stream-record.js';
import type { SqliteDatabase } from './open-sqlite-connection.js';

interface Row {
  id: string;
  failed_at: number;
  condition: DeadLetterEntry['condition'];
  reason: string;
  attempts: number;
  first_sequence: string;
  last_sequence: string;
  file_ids: string;
  records: string;
}

/**
 * The failure destination in the gate database: records kept whole (not only their metadata, as
 * Lambda sends to SQS) so that they can be replayed after their stream retention has passed.
 */
export function openSqliteDeadLetterStore(db: SqliteDatabase): DeadLetterStore {
  db.exec(`CREATE TABLE IF NOT EXISTS dead_letters (
    id TEXT PRIMARY KEY,
    failed_at INTEGER NOT NULL,
    condition TEXT NOT NULL,
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    first_sequence TEXT NOT NULL,
    last_sequence TEXT NOT NULL,
    file_ids TEXT NOT NULL,
    records TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS dead_letters_by_failed_at ON dead_letters (failed_at)`);
  const insert = db.prepare(`INSERT INTO dead_letters
    (id, failed_at, condition, reason, attempts, first_sequence, last_sequence, file_ids, records)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const selectAll = db.prepare('SELECT * FROM dead_letters ORDER BY failed_at, rowid');
  const selectOne = db.prepare('SELECT * FROM dead_letters WHERE id = ?');
  const remove = db.prepare('DELETE FROM dead_letters WHERE id = ?');
  const count = db.prepare('SELECT count(*) AS n FROM dead_letters');
  return {
    async add(entry) {
      const stored: DeadLetterEntry = { id: randomUUID(), ...entry };
      insert.run(
        stored.id,
        stored.failedAt,
        stored.condition,
        stored.reason,
        stored.attempts,
        stored.firstSequence,
        stored.lastSequence,
        JSON.stringify(stored.fileIds),
        JSON.stringify(stored.records),
      );
      return stored;
    },
    async list() {
      return (selectAll.all() as Row[]).map(fromRow);
    },
    async get(id) {
      const row = selectOne.get(id) as Row | undefined;
      return row === undefined ? null : fromRow(row);
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
    async count() {
      return (count.get() as { n: number }).n;
    },
  };
}

function fromRow(row: Row): DeadLetterEntry {
  return {
    id: row.id,
    failedAt: row.failed_at,
    condition: row.condition,
    reason: row.reason,
    attempts: row.attempts,
    firstSequence: row.first_sequence,
    lastSequence: row.last_sequence,
    fileIds: JSON.parse(row.file_ids) as string[],
    records: JSON.parse(row.records) as StreamRecord[],
  };
}
