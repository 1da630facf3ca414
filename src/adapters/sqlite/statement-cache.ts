import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './open-sqlite-connection.js';

/** Prepares a SQL text once per connection and returns the same statement on every later call. */
export type PreparedStatements = <P extends unknown[] | object = unknown[], R = unknown>(
  sql: string,
) => Database.Statement<P, R>;

/**
 * A per-connection cache of prepared statements. Preparing compiles the SQL every time, and the
 * app store's per-request look-ups (`userByToken`, `getThread`, `isParticipant`) did so on every
 * request: about a quarter of a second of event-loop time in a 200-upload burst (see
 * bench/healthz-under-burst.ts). The texts are the store's own constants, so the cache is bounded.
 */
export function statementCache(db: SqliteDatabase): PreparedStatements {
  const cache = new Map<string, Database.Statement>();
  return <P extends unknown[] | object = unknown[], R = unknown>(sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  };
}
