import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openGateDatabase } from '../../src/adapters/sqlite/open-gate-database.js';
import {
  openSqliteVerdictStore,
  type SqliteVerdictStore,
} from '../../src/adapters/sqlite/sqlite-verdict-store.js';
import { fromAttributeMap } from '../../src/gate/stream/verdict-item-codec.js';
import { verdictPollSourceContract } from '../contracts/verdict-poll-source-contract.js';
import { verdictStoreContract } from '../contracts/verdict-store-contract.js';
import { fakeClock, tempDir, verdictItem } from './stream-fixtures.js';

const opened: { close(): void }[] = [];
const dirs: (() => void)[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  for (const d of dirs.splice(0)) d();
});

function open(clock = fakeClock(), file?: string): { store: SqliteVerdictStore; file: string } {
  let path = file;
  if (path === undefined) {
    const tmp = tempDir();
    dirs.push(tmp.cleanup);
    path = tmp.file;
  }
  const store = openSqliteVerdictStore({ path, clock, tableName: 'verdicts' });
  opened.push(store);
  return { store, file: path };
}

async function openContractStore() {
  const tmp = tempDir();
  const store = openSqliteVerdictStore({ path: tmp.file, clock: fakeClock() });
  return {
    store,
    close: () => {
      store.close();
      tmp.cleanup();
    },
  };
}

verdictStoreContract('SQLite verdict store', openContractStore);
verdictPollSourceContract('SQLite verdict store', openContractStore);

describe('SQLite verdict store', () => {
  it('uses WAL with synchronous=NORMAL and a busy timeout', () => {
    const { store } = open();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('fills in records as DynamoDB Streams does: ARN with the stream label, region, time in seconds, size', async () => {
    const clock = fakeClock();
    const { store } = open(clock);
    clock.advance(1500);
    await store.put(verdictItem('f-1'));
    const [record] = await store.read('', 1);
    expect(record?.awsRegion).toBe('local');
    expect(record?.eventSourceARN).toBe(
      'arn:aws:dynamodb:local:000000000000:table/verdicts/stream/2026-11-25T12:00:00.000',
    );
    expect(record?.dynamodb.ApproximateCreationDateTime).toBe(Math.floor(clock.now() / 1000));
    expect(record?.dynamodb.SizeBytes).toBeGreaterThan(100);
    expect(record?.eventID).toMatch(/^[0-9a-f]{32}$/);
  });

  it('appends a REMOVE record with the old image when a verdict is removed', async () => {
    const { store } = open();
    await store.put(verdictItem('f-1'));
    expect(await store.remove('f-1')).toEqual({ removed: true });
    expect(await store.remove('f-1')).toEqual({ removed: false });
    const records = await store.read('', 10);
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'REMOVE']);
    expect(records[1]?.dynamodb.NewImage).toBeUndefined();
    expect(fromAttributeMap(records[1]?.dynamodb.OldImage)).toEqual(verdictItem('f-1'));
    expect(await store.get('f-1')).toBeNull();
  });

  it('leaves neither the verdict nor its record when the transaction fails midway', async () => {
    const { store } = open();
    // A real failure inside the transaction, after the verdict row was written: the record insert aborts.
    store.db.exec(
      `CREATE TRIGGER crash BEFORE INSERT ON stream_records BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`,
    );
    await expect(store.put(verdictItem('f-1'))).rejects.toThrow('simulated crash');
    expect(await store.get('f-1')).toBeNull();
    store.db.exec('DROP TRIGGER crash');
    expect(await store.read('', 10)).toEqual([]);
    expect(await store.put(verdictItem('f-1'))).toEqual({ written: true });
  });

  it('leaves neither the verdict nor its record when the process is killed inside the transaction', async () => {
    const clock = fakeClock();
    const { store, file } = open(clock);
    await store.put(verdictItem('crashed'));
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./crash-mid-put.ts', import.meta.url)),
        file,
        String(clock.now()),
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(child.signal, child.stderr).toBe('SIGKILL');
    store.close();
    const { store: after } = open(clock, file);
    expect((await after.get('crashed'))?.version).toBe(1);
    expect((await after.read('', 10)).map((r) => r.eventName)).toEqual(['INSERT']);
  });

  it('numbers records with strictly increasing, fixed-width sequence numbers that persist across reopening', async () => {
    const { store, file } = open();
    for (let i = 0; i < 12; i++) await store.put(verdictItem(`f-${i}`));
    const first = (await store.read('', 100)).map((r) => r.dynamodb.SequenceNumber);
    expect(first).toHaveLength(12);
    expect(first.every((s) => /^\d{21}$/.test(s))).toBe(true);
    expect([...first].sort()).toEqual(first);
    expect(new Set(first).size).toBe(12);
    store.close();

    const { store: again } = open(fakeClock(), file);
    expect((await again.read('', 100)).map((r) => r.dynamodb.SequenceNumber)).toEqual(first);
    expect((await again.read(first[9] as string, 100)).map((r) => r.dynamodb.SequenceNumber)).toEqual(
      first.slice(10),
    );
    await again.put(verdictItem('f-new'));
    const [next] = await again.read(first[11] as string, 1);
    expect(next !== undefined && next.dynamodb.SequenceNumber > (first[11] as string)).toBe(true);
  });

  it('keeps stream records 24 hours, trims older ones, and never reuses a sequence number', async () => {
    const clock = fakeClock();
    const { store } = open(clock);
    await store.put(verdictItem('old'));
    const [old] = await store.read('', 1);
    clock.advance(24 * 60 * 60 * 1000 - 1);
    expect(store.trimExpired()).toBe(0);
    clock.advance(2);
    expect(store.trimExpired()).toBe(1);
    expect(await store.read('', 10)).toEqual([]);
    expect(await store.get('old')).not.toBeNull();
    await store.put(verdictItem('new'));
    const [fresh] = await store.read('', 10);
    expect(
      fresh !== undefined && old !== undefined && fresh.dynamodb.SequenceNumber > old.dynamodb.SequenceNumber,
    ).toBe(true);
  });

  it('trims on write at most once a minute', async () => {
    const clock = fakeClock();
    const { store } = open(clock);
    await store.put(verdictItem('a'));
    clock.advance(24 * 60 * 60 * 1000 + 1);
    await store.put(verdictItem('b'));
    expect((await store.read('', 10)).map((r) => r.dynamodb.Keys.fileId)).toEqual([{ S: 'b' }]);
    clock.advance(24 * 60 * 60 * 1000 + 1);
    await store.put(verdictItem('c'));
    clock.advance(30_000);
    await store.put(verdictItem('d'));
    // Trimmed when c was written (a minute had passed); not again 30 s later.
    expect((await store.read('', 10)).map((r) => r.dynamodb.Keys.fileId)).toEqual([{ S: 'c' }, { S: 'd' }]);
  });

  it('calls listeners only after the transaction, never inside it', async () => {
    const { store } = open();
    const seen: number[] = [];
    const unsubscribe = store.onAppend(() => {
      // A listener can read the record it was told about.
      seen.push(store.db.prepare('SELECT count(*) AS n FROM stream_records').pluck().get() as number);
    });
    const pending = store.put(verdictItem('f-1'));
    expect(seen).toEqual([]);
    await pending;
    await Promise.resolve();
    expect(seen).toEqual([1]);
    await store.put(verdictItem('f-1'));
    await Promise.resolve();
    expect(seen).toEqual([1]);
    unsubscribe();
    await store.put(verdictItem('f-2'));
    await Promise.resolve();
    expect(seen).toEqual([1]);
  });

  it('refuses an item without a fileId or with a version that is not a positive integer', async () => {
    const { store } = open();
    await expect(store.put(verdictItem(''))).rejects.toMatchObject({ code: 'VERDICT_ITEM_INVALID' });
    await expect(store.put(verdictItem('f', { version: 0 }))).rejects.toMatchObject({
      code: 'VERDICT_ITEM_INVALID',
    });
  });

  it('keeps verdicts, stream, checkpoints and dead letters in one database file', async () => {
    const tmp = tempDir();
    dirs.push(tmp.cleanup);
    const gate = openGateDatabase(tmp.file, { clock: fakeClock() });
    opened.push(gate);
    await gate.verdicts.put(verdictItem('f-1'));
    await gate.checkpoints.set('release', '000000000000000000001');
    const [record] = await gate.verdicts.read('', 1);
    const entry = await gate.deadLetters.add({
      failedAt: 1,
      condition: 'RetryAttemptsExhausted',
      reason: 'handler threw: boom',
      attempts: 3,
      records: record ? [record] : [],
      firstSequence: '000000000000000000001',
      lastSequence: '000000000000000000001',
      fileIds: ['f-1'],
    });
    gate.close();
    const reopened = openGateDatabase(tmp.file, { clock: fakeClock() });
    opened.push(reopened);
    expect(await reopened.checkpoints.get('release')).toBe('000000000000000000001');
    expect(await reopened.checkpoints.get('other')).toBeNull();
    expect(await reopened.deadLetters.count()).toBe(1);
    expect(await reopened.deadLetters.get(entry.id)).toEqual(entry);
    expect(await reopened.deadLetters.list()).toEqual([entry]);
    expect(await reopened.deadLetters.delete(entry.id)).toBe(true);
    expect(await reopened.deadLetters.delete(entry.id)).toBe(false);
    expect(await reopened.deadLetters.count()).toBe(0);
  });
});
