import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
// better-sqlite3: synchronous SQLite, so a verdict write and its stream record commit in one
// transaction without an event-loop turn between them, and WAL lets readers run beside the writer.
import Database from 'better-sqlite3';
import { explainBindingFailure } from './explain-binding-failure.js';

/** An open SQLite connection, as better-sqlite3 gives it. */
export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed, with its folder) a SQLite file, or ':memory:', tuned for one writer
 * with readers beside it: WAL journal, `synchronous=NORMAL` (durable at each checkpoint; a power
 * loss can drop the last commits but never corrupts), and a busy timeout so a second process waits
 * for the lock instead of failing at once.
 *
 * @throws SekishoError `SQLITE_BINDING_MISSING` when better-sqlite3's native binding was not built.
 */
export function openSqliteConnection(path: string): SqliteDatabase {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (error) {
    throw explainBindingFailure(error);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
