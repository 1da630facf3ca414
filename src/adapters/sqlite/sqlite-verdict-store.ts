import { randomUUID } from 'node:crypto';
import type { ChangeStream, VerdictPollSource, VerdictStore } from '../../gate/ports.js';
import { checkLimit, checkSequenceNumber } from '../../gate/stream/check-read-args.js';
import { checkVerdictItem } from '../../gate/stream/check-verdict-item.js';
import { formatSequenceNumber } from '../../gate/stream/sequence-number.js';
import { fromAttributeMap, toAttributeMap } from '../../gate/stream/verdict-item-codec.js';
import type { AttributeValue, StreamRecord, VerdictItem } from '../../gate/stream-record.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import { openSqliteConnection, type SqliteDatabase } from './open-sqlite-connection.js';

/** The verdict table and its change stream in one SQLite file (`<data>/gate.sqlite`). */
export interface SqliteVerdictStore extends VerdictStore, VerdictPollSource, ChangeStream {
  /** The connection, shared with the checkpoint and dead-letter stores of the same file. */
  readonly db: SqliteDatabase;
  /** Deletes a file's verdict and appends a REMOVE record; `removed` is false when there was none. */
  remove(fileId: string): Promise<{ removed: boolean }>;
  /** Deletes stream records older than the retention period; returns how many. */
  trimExpired(): number;
  close(): void;
}

export interface SqliteVerdictStoreOptions {
  /** A file path, or ':memory:'. */
  readonly path: string;
  readonly clock?: Clock;
  /** How long stream records are kept, as DynamoDB Streams keeps them. Default 24 h. */
  readonly retentionMs?: number;
  /** Region in records and the stream ARN. Default `local`. */
  readonly region?: string;
  /** Table name in the stream ARN. Default `sekisho-verdicts`. */
  readonly tableName?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const TRIM_INTERVAL_MS = 60_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS verdicts (
    file_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    written_at INTEGER NOT NULL,
    image TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS verdicts_by_written_at ON verdicts (written_at, file_id);
  -- AUTOINCREMENT: positions are never reused, even after every record was trimmed, so a
  -- consumer's checkpoint can never point past a record that has not been read yet.
  CREATE TABLE IF NOT EXISTS stream_records (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE,
    event_name TEXT NOT NULL,
    keys TEXT NOT NULL,
    new_image TEXT,
    old_image TEXT,
    size_bytes INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS stream_records_by_created_at ON stream_records (created_at);
  CREATE TABLE IF NOT EXISTS stream_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
`;

interface RecordRow {
  position: number;
  created_at: number;
  event_id: string;
  event_name: StreamRecord['eventName'];
  keys: string;
  new_image: string | null;
  old_image: string | null;
  size_bytes: number;
}

/**
 * Opens the SQLite verdict store. Each `put` is guarded by the item's version and writes the row and
 * its DynamoDB-Streams-shaped record in one transaction, so a verdict is never visible without its
 * record, nor a record without its verdict. Listeners hear of appends after the commit.
 */
export function openSqliteVerdictStore(options: SqliteVerdictStoreOptions): SqliteVerdictStore {
  const clock = options.clock ?? systemClock;
  const retentionMs = options.retentionMs ?? DAY_MS;
  const region = options.region ?? 'local';
  const db = openSqliteConnection(options.path);
  db.exec(SCHEMA);
  // The stream label is the stream's creation time, as in a DynamoDB stream ARN.
  db.prepare(`INSERT OR IGNORE INTO stream_meta (name, value) VALUES ('stream_label', ?)`).run(
    new Date(clock.now()).toISOString().replace('Z', ''),
  );
  const label = (
    db.prepare(`SELECT value FROM stream_meta WHERE name = 'stream_label'`).get() as { value: string }
  ).value;
  const arn = `arn:aws:dynamodb:${region}:000000000000:table/${options.tableName ?? 'sekisho-verdicts'}/stream/${label}`;

  const selectImage = db.prepare('SELECT version, image FROM verdicts WHERE file_id = ?');
  const upsert = db.prepare(`
    INSERT INTO verdicts (file_id, version, written_at, image) VALUES (?, ?, ?, ?)
    ON CONFLICT (file_id) DO UPDATE SET version = excluded.version, written_at = excluded.written_at, image = excluded.image`);
  const deleteVerdict = db.prepare('DELETE FROM verdicts WHERE file_id = ?');
  const insertRecord = db.prepare(`
    INSERT INTO stream_records (created_at, event_id, event_name, keys, new_image, old_image, size_bytes)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const selectRecords = db.prepare(
    'SELECT * FROM stream_records WHERE position > ? ORDER BY position LIMIT ?',
  );
  const selectWrittenSince = db.prepare(
    // A row value comparison: SQLite walks the (written_at, file_id) index from the key on.
    'SELECT image FROM verdicts WHERE (written_at, file_id) > (?, ?) ORDER BY written_at, file_id LIMIT ?',
  );
  const trim = db.prepare('DELETE FROM stream_records WHERE created_at < ?');

  const listeners = new Set<() => void>();
  let lastTrimAt = Number.NEGATIVE_INFINITY;

  const append = (
    eventName: StreamRecord['eventName'],
    fileId: string,
    newImage: string | null,
    oldImage: string | null,
  ) => {
    const keys = JSON.stringify({ fileId: { S: fileId } });
    // An approximation of DynamoDB's item size: the bytes of the keys and images as JSON.
    const size =
      Buffer.byteLength(keys) + Buffer.byteLength(newImage ?? '') + Buffer.byteLength(oldImage ?? '');
    insertRecord.run(
      clock.now(),
      randomUUID().replaceAll('-', ''),
      eventName,
      keys,
      newImage,
      oldImage,
      size,
    );
  };

  const putTransaction = db.transaction((item: VerdictItem, image: string): boolean => {
    const existing = selectImage.get(item.fileId) as { version: number; image: string } | undefined;
    if (existing !== undefined && existing.version >= item.version) return false;
    upsert.run(item.fileId, item.version, item.writtenAt, image);
    append(existing === undefined ? 'INSERT' : 'MODIFY', item.fileId, image, existing?.image ?? null);
    return true;
  });
  const removeTransaction = db.transaction((fileId: string): boolean => {
    const existing = selectImage.get(fileId) as { image: string } | undefined;
    if (existing === undefined) return false;
    deleteVerdict.run(fileId);
    append('REMOVE', fileId, null, existing.image);
    return true;
  });

  const afterCommit = () => {
    if (clock.now() - lastTrimAt >= TRIM_INTERVAL_MS) store.trimExpired();
    if (listeners.size === 0) return;
    // Never inside the transaction: a listener that reads must see the committed record.
    queueMicrotask(() => {
      for (const listener of listeners) {
        try {
          listener();
        } catch {
          // A listener's failure must not fail the write that already committed.
        }
      }
    });
  };

  const toRecord = (row: RecordRow): StreamRecord => ({
    eventID: row.event_id,
    eventName: row.event_name,
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: region,
    eventSourceARN: arn,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(row.created_at / 1000),
      Keys: JSON.parse(row.keys) as Record<string, AttributeValue>,
      ...(row.new_image === null
        ? {}
        : { NewImage: JSON.parse(row.new_image) as Record<string, AttributeValue> }),
      ...(row.old_image === null
        ? {}
        : { OldImage: JSON.parse(row.old_image) as Record<string, AttributeValue> }),
      SequenceNumber: formatSequenceNumber(row.position),
      SizeBytes: row.size_bytes,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  });

  const store: SqliteVerdictStore = {
    db,
    async put(item) {
      checkVerdictItem(item);
      // BEGIN IMMEDIATE: take the write lock before reading the stored version, so the version
      // check and the write are atomic even with a second process on the same file.
      const written = putTransaction.immediate(item, JSON.stringify(toAttributeMap(item)));
      if (written) afterCommit();
      return { written };
    },
    async remove(fileId) {
      const removed = removeTransaction.immediate(fileId);
      if (removed) afterCommit();
      return { removed };
    },
    async get(fileId) {
      const row = selectImage.get(fileId) as { image: string } | undefined;
      return row === undefined ? null : fromAttributeMap(JSON.parse(row.image));
    },
    async listWrittenSince(after, limit) {
      checkLimit(limit);
      // From the start: before every key, as written_at is epoch ms and file_id is never empty.
      const key = after ?? { writtenAt: Number.MIN_SAFE_INTEGER, fileId: '' };
      const rows = selectWrittenSince.all(key.writtenAt, key.fileId, limit) as { image: string }[];
      return rows.map((row) => fromAttributeMap(JSON.parse(row.image)));
    },
    async read(afterSequence, limit) {
      checkSequenceNumber(afterSequence);
      checkLimit(limit);
      const rows = selectRecords.all(afterSequence === '' ? 0 : Number(afterSequence), limit) as RecordRow[];
      return rows.map(toRecord);
    },
    onAppend(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    trimExpired() {
      lastTrimAt = clock.now();
      return trim.run(clock.now() - retentionMs).changes;
    },
    close() {
      listeners.clear();
      if (db.open) db.close();
    },
  };
  store.trimExpired();
  return store;
}
