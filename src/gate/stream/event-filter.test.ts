import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../stream-record.js';
import { compileFilterCriteria } from './event-filter.js';

function record(
  eventName: StreamRecord['eventName'],
  kind: string,
  version: number,
  extra = {},
): StreamRecord {
  return {
    eventID: 'e',
    eventName,
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: 'local',
    eventSourceARN: 'arn',
    dynamodb: {
      ApproximateCreationDateTime: 1,
      Keys: { fileId: { S: 'file-123' } },
      NewImage: {
        fileId: { S: 'file-123' },
        version: { N: String(version) },
        verdict: { M: { kind: { S: kind } } },
        ...extra,
      },
      SequenceNumber: '1',
      SizeBytes: 1,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

const filter = (...patterns: object[]) =>
  compileFilterCriteria({ Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) });
const kindIs = (v: unknown[]) => ({ dynamodb: { NewImage: { verdict: { M: { kind: { S: v } } } } } });

describe('event filter criteria', () => {
  it('passes every record when there are no filters', () => {
    expect(compileFilterCriteria(undefined)(record('REMOVE', 'clean', 1))).toBe(true);
  });

  it('matches exact values on eventName and on NewImage paths, any of a list', () => {
    const f = filter({ eventName: ['INSERT', 'MODIFY'], ...kindIs(['clean']) });
    expect(f(record('INSERT', 'clean', 1))).toBe(true);
    expect(f(record('MODIFY', 'clean', 1))).toBe(true);
    expect(f(record('REMOVE', 'clean', 1))).toBe(false);
    expect(f(record('INSERT', 'infected', 1))).toBe(false);
  });

  it('ORs several filters', () => {
    const f = filter({ eventName: ['REMOVE'] }, kindIs(['infected']));
    expect(f(record('REMOVE', 'clean', 1))).toBe(true);
    expect(f(record('INSERT', 'infected', 1))).toBe(true);
    expect(f(record('INSERT', 'clean', 1))).toBe(false);
  });

  it('supports prefix, suffix, equals-ignore-case and anything-but', () => {
    expect(
      filter({ dynamodb: { Keys: { fileId: { S: [{ prefix: 'file-' }] } } } })(record('INSERT', 'clean', 1)),
    ).toBe(true);
    expect(
      filter({ dynamodb: { Keys: { fileId: { S: [{ prefix: 'doc-' }] } } } })(record('INSERT', 'clean', 1)),
    ).toBe(false);
    expect(
      filter({ dynamodb: { Keys: { fileId: { S: [{ suffix: '123' }] } } } })(record('INSERT', 'clean', 1)),
    ).toBe(true);
    expect(filter({ eventName: [{ 'equals-ignore-case': 'insert' }] })(record('INSERT', 'clean', 1))).toBe(
      true,
    );
    const notClean = filter(kindIs([{ 'anything-but': ['clean'] }]));
    expect(notClean(record('INSERT', 'clean', 1))).toBe(false);
    expect(notClean(record('INSERT', 'rejected', 1))).toBe(true);
    const notPrefixed = filter(kindIs([{ 'anything-but': { prefix: 'inf' } }]));
    expect(notPrefixed(record('INSERT', 'infected', 1))).toBe(false);
    expect(notPrefixed(record('INSERT', 'error', 1))).toBe(true);
  });

  it('supports exists true and false', () => {
    const hasThread = filter({ dynamodb: { NewImage: { threadId: [{ exists: true }] } } });
    const noThread = filter({ dynamodb: { NewImage: { threadId: [{ exists: false }] } } });
    const withThread = record('INSERT', 'clean', 1, { threadId: { S: 't' } });
    expect(hasThread(withThread)).toBe(true);
    expect(hasThread(record('INSERT', 'clean', 1))).toBe(false);
    expect(noThread(record('INSERT', 'clean', 1))).toBe(true);
    expect(noThread(withThread)).toBe(false);
  });

  it('compares numeric ranges, reading DynamoDB N strings as numbers', () => {
    const f = filter({ dynamodb: { NewImage: { version: { N: [{ numeric: ['>', 1, '<=', 3] }] } } } });
    expect([1, 2, 3, 4].map((v) => f(record('MODIFY', 'clean', v)))).toEqual([false, true, true, false]);
    expect(
      filter({ dynamodb: { NewImage: { version: { N: [{ numeric: ['=', 2] }] } } } })(
        record('MODIFY', 'clean', 2),
      ),
    ).toBe(true);
  });

  it('rejects a pattern it cannot understand, naming the filter and field', () => {
    expect(() => compileFilterCriteria({ Filters: [{ Pattern: '{not json' }] })).toThrow(
      /Filters\[0\]\.Pattern is not valid JSON/,
    );
    expect(() => filter({ eventName: [] })).toThrow(/Filters\[0\]\.Pattern\.eventName is an empty list/);
    expect(() => filter({ eventName: [{ wildcard: 'x*' }] })).toThrow(/unsupported operator "wildcard"/);
    expect(() => filter({ eventName: [{ numeric: ['>>', 1] }] })).toThrow(/numeric\[0\]/);
  });
});
