import { afterEach, describe, expect, it } from 'vitest';
import type { DeadLetterEntry, DeadLetterStore } from '../../src/gate/stream/ports.js';
import { freshStores, type Opened } from './opened.js';

const entry = (failedAt: number, fileIds: string[]): Omit<DeadLetterEntry, 'id'> => ({
  failedAt,
  condition: 'RetryAttemptsExhausted',
  reason: 'The handler failed 3 times: connect ECONNREFUSED.',
  attempts: 3,
  records: [],
  firstSequence: '00000000000000000001',
  lastSequence: '00000000000000000002',
  fileIds,
});

/** The behaviour every `DeadLetterStore` must show (SQLite here; SQS or a table on AWS). */
export function deadLetterStoreContract(name: string, open: () => Promise<Opened<DeadLetterStore>>): void {
  describe(`${name}: the DeadLetterStore contract`, () => {
    const fresh = freshStores(open, afterEach);

    it('stores entries whole under ids it gives, and lists them oldest first', async () => {
      const store = await fresh();
      const later = await store.add(entry(2_000, ['f-2']));
      const earlier = await store.add(entry(1_000, ['f-1']));
      expect(later.id).not.toBe(earlier.id);
      expect(later).toEqual({ ...entry(2_000, ['f-2']), id: later.id });
      expect((await store.list()).map((e) => e.fileIds)).toEqual([['f-1'], ['f-2']]);
      expect(await store.get(later.id)).toEqual(later);
      expect(await store.count()).toBe(2);
    });

    it('deletes an entry once, and knows no entry it never had', async () => {
      const store = await fresh();
      const added = await store.add(entry(1_000, ['f-1']));
      expect(await store.delete(added.id)).toBe(true);
      expect(await store.delete(added.id)).toBe(false);
      expect(await store.get(added.id)).toBeNull();
      expect(await store.get('dl-unknown')).toBeNull();
      expect(await store.count()).toBe(0);
    });
  });
}
