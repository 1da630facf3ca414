import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsObjectStore } from '../../src/adapters/fs/object-store.js';
import { openAppStore } from '../../src/adapters/sqlite/app-store.js';
import { openGateDatabase } from '../../src/adapters/sqlite/open-gate-database.js';
import { openOpsStatsStore } from '../../src/adapters/sqlite/ops-stats-store.js';
import { tempDir } from '../stream/stream-fixtures.js';
import { appStoreContract } from './app-store-contract.js';
import { checkpointStoreContract } from './checkpoint-store-contract.js';
import { deadLetterStoreContract } from './dead-letter-store-contract.js';
import { createMemoryObjectStore } from './memory-object-store.js';
import { expectSpooledCopyRemoved, objectStoreContract } from './object-store-contract.js';
import { opsStatsStoreContract } from './ops-stats-store-contract.js';

// The embedded adapters run every gate port's contract suite; the AWS adapters run the same
// suites with their own factories. (The verdict store and its poll source run theirs in
// test/stream/sqlite-verdict-store.test.ts.)

objectStoreContract('filesystem object store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-objects-'));
  return { store: await createFsObjectStore(dir), close: () => rm(dir, { recursive: true, force: true }) };
});

objectStoreContract('memory object store (no paths)', async () => ({
  store: createMemoryObjectStore(),
  close: () => {},
}));

function gateDatabase() {
  const tmp = tempDir();
  const db = openGateDatabase(tmp.file);
  return {
    db,
    close: () => {
      db.close();
      tmp.cleanup();
    },
  };
}

checkpointStoreContract('SQLite checkpoint store', async () => {
  const { db, close } = gateDatabase();
  return { store: db.checkpoints, close };
});

deadLetterStoreContract('SQLite dead-letter store', async () => {
  const { db, close } = gateDatabase();
  return { store: db.deadLetters, close };
});

appStoreContract('SQLite app store', async (clock) => {
  const tmp = tempDir();
  const store = openAppStore(join(tmp.dir, 'app.sqlite'), clock);
  return {
    store,
    close: () => {
      store.close();
      tmp.cleanup();
    },
  };
});

// The ops page's read-only view over the two databases, fed through the stores that write them.
opsStatsStoreContract('SQLite ops-stats store', async (clock) => {
  const tmp = tempDir();
  const appPath = join(tmp.dir, 'app.sqlite');
  const app = openAppStore(appPath, clock);
  const db = openGateDatabase(tmp.file, { clock });
  const stats = openOpsStatsStore({ app: appPath, gate: tmp.file });
  return {
    store: { stats, app, verdicts: db.verdicts },
    close: () => {
      stats.close();
      app.close();
      db.close();
      tmp.cleanup();
    },
  };
});

describe('the memory object store', () => {
  it('spools a copy for each local file and removes it on release', async () => {
    const store = createMemoryObjectStore();
    async function* one() {
      yield Buffer.from('bytes');
    }
    await store.putQuarantined('f_1', one(), 100);
    const local = await (await store.subject('f_1', 'a.txt')).localFile();
    expect(store.spooled).toBe(1);
    await local.release();
    await expectSpooledCopyRemoved(local.path);
  });
});
