import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../stream-record.js';
import { interpretHandlerResponse } from './batch-outcome.js';

const records = ['001', '002', '003'].map(
  (SequenceNumber) => ({ dynamodb: { SequenceNumber } }) as StreamRecord,
);

describe('handler response interpretation', () => {
  it('treats nothing, null and an empty failure list as success, as Lambda does', () => {
    for (const response of [undefined, null, {}, { batchItemFailures: null }, { batchItemFailures: [] }])
      expect(interpretHandlerResponse(response, records, true)).toEqual({ kind: 'success' });
  });

  it('restarts from the lowest failed sequence number', () => {
    const outcome = interpretHandlerResponse(
      { batchItemFailures: [{ itemIdentifier: '003' }, { itemIdentifier: '002' }] },
      records,
      true,
    );
    expect(outcome).toMatchObject({ kind: 'partial', failedIndex: 1 });
  });

  it('fails the whole batch for an empty, missing or unknown itemIdentifier', () => {
    for (const failure of [{ itemIdentifier: '' }, {}, { itemIdentifier: '999' }, null])
      expect(interpretHandlerResponse({ batchItemFailures: [failure] }, records, true).kind).toBe('error');
    expect(interpretHandlerResponse('ok', records, true).kind).toBe('error');
  });

  it('ignores the answer when ReportBatchItemFailures is off', () => {
    expect(
      interpretHandlerResponse({ batchItemFailures: [{ itemIdentifier: '001' }] }, records, false).kind,
    ).toBe('success');
  });
});
