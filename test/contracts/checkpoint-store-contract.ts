import { afterEach, describe, expect, it } from 'vitest';
import type { CheckpointStore } from '../../src/gate/stream/ports.js';
import { freshStores, type Opened } from './opened.js';

/** The behaviour every `CheckpointStore` must show (SQLite here; a table or the event source mapping on AWS). */
export function checkpointStoreContract(name: string, open: () => Promise<Opened<CheckpointStore>>): void {
  describe(`${name}: the CheckpointStore contract`, () => {
    const fresh = freshStores(open, afterEach);

    it('has no checkpoint for a consumer that never processed anything', async () => {
      expect(await (await fresh()).get('release')).toBeNull();
    });

    it('keeps the last sequence number set, per consumer', async () => {
      const store = await fresh();
      await store.set('release', '00000000000000000001');
      await store.set('release', '00000000000000000007');
      await store.set('audit', '00000000000000000003');
      expect(await store.get('release')).toBe('00000000000000000007');
      expect(await store.get('audit')).toBe('00000000000000000003');
    });
  });
}
