import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventDetailsSchema, historyEventSchema } from './history-schema.js';
import { detailsKeyOf, isWellFormedDetails, isWellFormedEvent } from './well-formed-event.js';

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

describe('isWellFormedEvent', () => {
  it('accepts every event of every fixture, as zod does', () => {
    for (const event of fixtureEvents) {
      expect(isWellFormedEvent(event)).toBe(true);
      expect(historyEventSchema.safeParse(event).success).toBe(true);
      const key = detailsKeyOf(event);
      if (key !== undefined && event[key] !== null) expect(isWellFormedDetails(event[key])).toBe(true);
    }
  });

  it('never accepts an envelope zod rejects', () => {
    for (const envelope of envelopes)
      if (isWellFormedEvent(envelope))
        expect(historyEventSchema.safeParse(envelope).success, JSON.stringify(envelope)).toBe(true);
    expect(envelopes.filter((e) => !isWellFormedEvent(e)).length).toBeGreaterThan(10);
  });

  it('never accepts details zod rejects', () => {
    for (const d of details)
      if (isWellFormedDetails(d))
        expect(eventDetailsSchema.safeParse(d).success, JSON.stringify(d)).toBe(true);
    expect(details.filter((d) => !isWellFormedDetails(d)).length).toBeGreaterThanOrEqual(7);
  });
});
