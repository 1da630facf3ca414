import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeStream, VerdictStore } from '../../src/gate/ports.js';
import { compareSequenceNumbers } from '../../src/gate/stream/sequence-number.js';
import { fromAttributeMap, toAttributeMap } from '../../src/gate/stream/verdict-item-codec.js';
import { verdictItem } from '../stream/stream-fixtures.js';

/** A verdict store with its change stream, opened fresh for one test. */
export interface OpenedVerdictStore {
  readonly store: VerdictStore & ChangeStream;
  close(): void | Promise<void>;
}

/**
 * The behaviour every `VerdictStore` + `ChangeStream` pair must show, whatever holds it (SQLite
 * here; DynamoDB and DynamoDB Streams on AWS): run it against each adapter so they stay
 * interchangeable. `notifiesInProcess` is false for a stream that only a poller can see.
 */
export function verdictStoreContract(
  name: string,
  open: () => Promise<OpenedVerdictStore>,
  options: { notifiesInProcess: boolean } = { notifiesInProcess: true },
): void {
  describe(`${name}: the VerdictStore and ChangeStream contract`, () => {
    const opened: OpenedVerdictStore[] = [];
    const fresh = async () => {
      const o = await open();
      opened.push(o);
      return o.store;
    };
    afterEach(async () => {
      for (const o of opened.splice(0)) await o.close();
    });

    it('appends INSERT with the new image on the first write, then MODIFY with new and old images', async () => {
      const store = await fresh();
      const v1 = verdictItem('f-1');
      const v2 = verdictItem('f-1', { version: 2, verdict: { ...v1.verdict, kind: 'infected' } });
      expect(await store.put(v1)).toEqual({ written: true });
      expect(await store.put(v2)).toEqual({ written: true });
      const [insert, modify] = await store.read('', 10);
      expect(insert?.eventName).toBe('INSERT');
      expect(insert?.dynamodb.Keys).toEqual({ fileId: { S: 'f-1' } });
      expect(insert?.dynamodb.NewImage).toEqual(toAttributeMap(v1));
      expect(insert?.dynamodb.OldImage).toBeUndefined();
      expect(modify?.eventName).toBe('MODIFY');
      expect(fromAttributeMap(modify?.dynamodb.NewImage)).toEqual(v2);
      expect(fromAttributeMap(modify?.dynamodb.OldImage)).toEqual(v1);
      expect(modify).toMatchObject({ eventSource: 'aws:dynamodb', eventVersion: '1.1' });
      expect(modify?.dynamodb.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
      expect(insert?.eventID).not.toBe(modify?.eventID);
      expect(await store.get('f-1')).toEqual(v2);
    });

    it('writes nothing and appends no record when the version is not newer', async () => {
      const store = await fresh();
      await store.put(verdictItem('f-1', { version: 3 }));
      expect(await store.put(verdictItem('f-1', { version: 3, threadId: 'other' }))).toEqual({
        written: false,
      });
      expect(await store.put(verdictItem('f-1', { version: 2 }))).toEqual({ written: false });
      expect(await store.read('', 10)).toHaveLength(1);
      expect((await store.get('f-1'))?.threadId).toBe('thread-1');
      expect(await store.get('unknown')).toBeNull();
    });

    it('gives strictly increasing, unique sequence numbers and reads in pages after a sequence number', async () => {
      const store = await fresh();
      for (let i = 0; i < 5; i++) await store.put(verdictItem(`f-${i}`));
      const all = await store.read('', 100);
      const sequences = all.map((r) => r.dynamodb.SequenceNumber);
      for (let i = 1; i < sequences.length; i++)
        expect(compareSequenceNumbers(sequences[i - 1] as string, sequences[i] as string)).toBe(-1);
      const page = await store.read('', 2);
      expect(page).toHaveLength(2);
      const rest = await store.read(page[1]?.dynamodb.SequenceNumber ?? '', 10);
      expect(rest.map((r) => r.dynamodb.Keys.fileId)).toEqual([{ S: 'f-2' }, { S: 'f-3' }, { S: 'f-4' }]);
    });

    if (options.notifiesInProcess)
      it('tells listeners after the commit, not for a refused write, and no more after unsubscribing', async () => {
        const store = await fresh();
        const seen: number[] = [];
        const unsubscribe = store.onAppend(() => {
          void store.read('', 100).then((records) => seen.push(records.length));
        });
        await store.put(verdictItem('f-1'));
        await new Promise((resolve) => setImmediate(resolve));
        // The listener could already read the record it was told about.
        expect(seen).toEqual([1]);
        await store.put(verdictItem('f-1'));
        await new Promise((resolve) => setImmediate(resolve));
        expect(seen).toEqual([1]);
        unsubscribe();
        await store.put(verdictItem('f-2'));
        await new Promise((resolve) => setImmediate(resolve));
        expect(seen).toEqual([1]);
      });
  });
}
