import type { CheckpointStore, DeadLetterStore } from '../../gate/stream/ports.js';
import type { Clock } from '../../shared/clock.js';
import { openSqliteCheckpointStore } from './sqlite-checkpoint-store.js';
import { openSqliteDeadLetterStore } from './sqlite-dead-letter-store.js';
import { openSqliteVerdictStore, type SqliteVerdictStore } from './sqlite-verdict-store.js';

/** The gate's database: verdicts, their stream, the consumers' checkpoints and the dead letters. */
export interface GateDatabase {
  readonly verdicts: SqliteVerdictStore;
  readonly checkpoints: CheckpointStore;
  readonly deadLetters: DeadLetterStore;
  close(): void;
}

/**
 * Opens (or creates) the gate database at `path` (`<data>/gate.sqlite`, or ':memory:'), with every
 * store on one connection so that they share the file's WAL and write lock.
 */
export function openGateDatabase(
  path: string,
  options: { clock?: Clock; retentionMs?: number; region?: string; tableName?: string } = {},
): GateDatabase {
  const verdicts = openSqliteVerdictStore({ path, ...options });
  return {
    verdicts,
    checkpoints: openSqliteCheckpointStore(verdicts.db, options.clock),
    deadLetters: openSqliteDeadLetterStore(verdicts.db),
    close: () => verdicts.close(),
  };
}
