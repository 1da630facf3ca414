import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventDetailsSchema, historyEventSchema } from './history-schema.js';
import { isWellFormedEvent, readWellFormedEvent } from './well-formed-event.js';

const dir = new URL('../../../test/fixtures/triage/', import.meta.url);
const fixtureEvents = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => {
    const json = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown;
    const pages = Array.isArray(json) ? json : [json];
    return pages.flatMap((p: { events: Record<string, unknown>[] }) => p.events);
  });

const base = { id: 7, previousEventId: 6, type: 'TaskFailed', timestamp: '2026-03-02T03:00:00Z' };
const envelopes: unknown[] = [
  base,
  { ...base, previousEventId: undefined },
  { ...base, previousEventId: null },
  { ...base, timestamp: new Date() },
  { ...base, timestamp: 1772420400 },
  { ...base, id: 0 },
  { ...base, id: 1.5 },
  { ...base, id: -3 },
  { ...base, id: '7' },
  { ...base, previousEventId: -1 },
  { ...base, previousEventId: 2.5 },
  { ...base, type: 'ab' },
  { ...base, type: 'taskFailed' },
  { ...base, type: 'Task Failed' },
  { ...base, type: 42 },
  { ...base, timestamp: null },
  { ...base, timestamp: {} },
  { ...base, id: Number.NaN },
  null,
  [],
  'TaskFailed',
];
const details: unknown[] = [
  { error: 'E', cause: 'C', resourceType: 'ecs', resource: 'runTask.sync' },
  { error: null, cause: null },
  { name: 'RunBatch', index: 3 },
  { error: 5 },
  { cause: {} },
  { name: 1 },
  { index: '3' },
  { index: Number.NaN },
  { resource: null },
  null,
  [],
];

const withDetails = (d: unknown) => ({ ...base, taskFailedEventDetails: d });

describe('readWellFormedEvent', () => {
  it('reads every event of every fixture, as zod accepts it', () => {
    for (const event of fixtureEvents) {
      expect(readWellFormedEvent(event, new Set()), JSON.stringify(event)).not.toBeNull();
      expect(historyEventSchema.safeParse(event).success).toBe(true);
    }
  });

  it('never takes an envelope zod rejects, and agrees with isWellFormedEvent on the envelope', () => {
    for (const envelope of envelopes) {
      if (readWellFormedEvent(envelope, new Set()) !== null)
        expect(historyEventSchema.safeParse(envelope).success, JSON.stringify(envelope)).toBe(true);
      if (isWellFormedEvent(envelope))
        expect(historyEventSchema.safeParse(envelope).success, JSON.stringify(envelope)).toBe(true);
    }
    expect(envelopes.filter((e) => readWellFormedEvent(e, new Set()) === null).length).toBeGreaterThan(10);
  });

  it('never takes details zod rejects, and lifts the fields the diagnosis reads', () => {
    for (const d of details)
      if (readWellFormedEvent(withDetails(d), new Set()) !== null && d !== null)
        expect(eventDetailsSchema.safeParse(d).success, JSON.stringify(d)).toBe(true);
    expect(
      details.filter((d) => readWellFormedEvent(withDetails(d), new Set()) === null).length,
    ).toBeGreaterThanOrEqual(7);
    expect(
      readWellFormedEvent(withDetails({ name: 'RunBatch', index: 3, error: 'E', cause: null }), new Set()),
    ).toMatchObject({
      id: 7,
      previousEventId: 6,
      type: 'TaskFailed',
      timestamp: Date.parse('2026-03-02T03:00:00Z'),
      stateName: 'RunBatch',
      iterationIndex: 3,
      error: 'E',
      cause: null,
      resource: null,
    });
  });

  it('collects a well-formed type that is not documented, and only once the event is taken', () => {
    const unknown = new Set<string>();
    expect(readWellFormedEvent({ ...base, type: 'TaskPaused' }, unknown)?.type).toBe('TaskPaused');
    expect(readWellFormedEvent({ ...base, type: 'TaskResumed', timestamp: 'later' }, unknown)).toBeNull();
    expect(readWellFormedEvent(base, unknown)?.type).toBe('TaskFailed');
    expect([...unknown]).toEqual(['TaskPaused']);
  });

  it('leaves an envelope whose time does not read to the slow path, which says so', () => {
    expect(readWellFormedEvent({ ...base, timestamp: 'yesterday' }, new Set())).toBeNull();
    expect(readWellFormedEvent({ ...base, timestamp: new Date(Number.NaN) }, new Set())).toBeNull();
    expect(isWellFormedEvent({ ...base, timestamp: new Date(Number.NaN) })).toBe(true);
  });
});
