import { afterEach, describe, expect, it } from 'vitest';
import type { VerdictPollSource, VerdictStore } from '../../src/gate/ports.js';
import { verdictItem } from '../stream/stream-fixtures.js';
import { freshStores, type Opened } from './opened.js';

/**
 * The behaviour of a `VerdictPollSource` (what `--release poll` reads) over the verdict table it
 * indexes: the embedded table here, a DynamoDB index on AWS. `store` puts through the table.
 */
export function verdictPollSourceContract(
  name: string,
  open: () => Promise<Opened<VerdictStore & VerdictPollSource>>,
): void {
  describe(`${name}: the VerdictPollSource contract`, () => {
    const fresh = freshStores(open, afterEach);

    it('lists items written since a time, oldest first, as the old per-minute batch polled them', async () => {
      const store = await fresh();
      await store.put(verdictItem('c', { writtenAt: 300 }));
      await store.put(verdictItem('a', { writtenAt: 100 }));
      await store.put(verdictItem('b', { writtenAt: 200 }));
      expect((await store.listWrittenSince(null, 10)).map((i) => i.fileId)).toEqual(['a', 'b', 'c']);
      expect(
        (await store.listWrittenSince({ writtenAt: 100, fileId: 'a' }, 10)).map((i) => i.fileId),
      ).toEqual(['b', 'c']);
      expect((await store.listWrittenSince(null, 2)).map((i) => i.fileId)).toEqual(['a', 'b']);
    });

    it('pages on (writtenAt, fileId), so verdicts sharing a millisecond across a page boundary are all listed', async () => {
      const store = await fresh();
      // Put in an order unlike the listing's, all but one in the same millisecond.
      for (const id of ['d', 'b', 'e', 'a', 'c']) await store.put(verdictItem(id, { writtenAt: 500 }));
      await store.put(verdictItem('z', { writtenAt: 400 }));
      const first = await store.listWrittenSince(null, 3);
      expect(first.map((i) => i.fileId)).toEqual(['z', 'a', 'b']);
      const last = first.at(-1);
      if (last === undefined) throw new Error('empty page');
      const second = await store.listWrittenSince({ writtenAt: last.writtenAt, fileId: last.fileId }, 3);
      expect(second.map((i) => i.fileId)).toEqual(['c', 'd', 'e']);
      expect(await store.listWrittenSince({ writtenAt: 500, fileId: 'e' }, 3)).toEqual([]);
      // An empty fileId sorts before every real one: all of that millisecond.
      expect((await store.listWrittenSince({ writtenAt: 500, fileId: '' }, 10)).map((i) => i.fileId)).toEqual(
        ['a', 'b', 'c', 'd', 'e'],
      );
    });
  });
}
