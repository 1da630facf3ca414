import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../shared/errors.js';
import type { VerdictItem } from '../stream-record.js';
import { fromAttributeMap, toAttributeMap } from './verdict-item-codec.js';

const item: VerdictItem = {
  fileId: 'f-1',
  threadId: 't-1',
  version: 2,
  verdict: {
    kind: 'infected',
    findings: [{ engine: 'clamd', rule: 'Eicar-Signature', detail: 'EICAR test file' }],
    engines: [{ engine: 'clamd', version: 'ClamAV 1.4.6/27000' }],
    sha256: 'b'.repeat(64),
    detectedType: null,
    scannedAt: 1_700_000_000_500,
    durationMs: 3.5,
  },
  uploadedAt: 1_700_000_000_000,
  writtenAt: 1_700_000_000_600,
};

describe('verdict item codec', () => {
  it('marshals an item the way DynamoDB does: S, N as decimal strings, M, L and NULL', () => {
    expect(toAttributeMap(item)).toEqual({
      fileId: { S: 'f-1' },
      threadId: { S: 't-1' },
      version: { N: '2' },
      verdict: {
        M: {
          kind: { S: 'infected' },
          findings: {
            L: [
              {
                M: {
                  engine: { S: 'clamd' },
                  rule: { S: 'Eicar-Signature' },
                  detail: { S: 'EICAR test file' },
                },
              },
            ],
          },
          engines: { L: [{ M: { engine: { S: 'clamd' }, version: { S: 'ClamAV 1.4.6/27000' } } }] },
          sha256: { S: 'b'.repeat(64) },
          detectedType: { NULL: true },
          scannedAt: { N: '1700000000500' },
          durationMs: { N: '3.5' },
        },
      },
      uploadedAt: { N: '1700000000000' },
      writtenAt: { N: '1700000000600' },
    });
  });

  it('reads back exactly the item it wrote, through JSON as the stream stores it', () => {
    expect(fromAttributeMap(JSON.parse(JSON.stringify(toAttributeMap(item))))).toEqual(item);
    const typed = { ...item, verdict: { ...item.verdict, detectedType: 'image/png' } };
    expect(fromAttributeMap(toAttributeMap(typed))).toEqual(typed);
  });

  it('names every bad attribute at once with code STREAM_RECORD_INVALID', () => {
    const image = toAttributeMap(item) as Record<string, unknown>;
    image.version = { S: '2' };
    const verdict = (image.verdict as { M: Record<string, unknown> }).M;
    verdict.kind = { S: 'maybe' };
    (verdict.findings as { L: unknown[] }).L = [
      { M: { engine: { S: 'x' }, rule: { N: '1' }, detail: { S: '' } } },
    ];
    let error: unknown;
    try {
      fromAttributeMap(image);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe('STREAM_RECORD_INVALID');
    expect((error as Error).message).toContain('version must be N');
    expect((error as Error).message).toContain('verdict.kind must be one of');
    expect((error as Error).message).toContain('verdict.findings[0].rule must be S');
  });

  it('refuses something that is not an attribute map at all', () => {
    expect(() => fromAttributeMap(null)).toThrow(/image must be an attribute map/);
    expect(() => fromAttributeMap({ fileId: 'f-1' })).toThrow(/fileId must be S/);
  });

  it('refuses numbers DynamoDB cannot store', () => {
    expect(() => toAttributeMap({ ...item, version: Number.NaN })).toThrow(/version must be a finite number/);
  });
});
