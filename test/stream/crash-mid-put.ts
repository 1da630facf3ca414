// Run as a child process by the verdict store tests: starts a real put() and dies by SIGKILL inside
// its transaction, after the verdict row was written and before the stream record was.
import { openSqliteVerdictStore } from '../../src/adapters/sqlite/sqlite-verdict-store.js';
import { verdictItem } from './stream-fixtures.js';

const [path, nowArg] = process.argv.slice(2);
if (path === undefined || nowArg === undefined)
  throw new Error('usage: crash-mid-put.ts <gate.sqlite> <clock ms>');
// The parent's fake clock, frozen: opening trims records older than 24 h by this clock, so a real
// clock here would trim the parent's records on any day after the fake date (never mix clocks).
const now = Number(nowArg);
const store = openSqliteVerdictStore({ path, clock: { now: () => now } });
store.db.function('die_now', () => process.kill(process.pid, 'SIGKILL'));
// TEMP: the trigger lives only in this connection, so the file is left as the server would leave it.
store.db.exec('CREATE TEMP TRIGGER die BEFORE INSERT ON main.stream_records BEGIN SELECT die_now(); END');
await store.put(verdictItem('crashed', { version: 2 }));
