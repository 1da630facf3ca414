import type { z } from 'zod';
import { InvalidInputError } from '../../shared/errors.js';
import { knownEventTypes } from './event-types.js';
import type { ExecutionHistory, HistoryEvent } from './history-event.js';
import {
  eventDetailsSchema,
  historyEventSchema,
  historyPageSchema,
  type RawEventDetails,
} from './history-schema.js';
import { toEpochMs } from './to-epoch-ms.js';
import { detailsKeyOf, isWellFormedEvent, readWellFormedEvent } from './well-formed-event.js';

export type { ExecutionHistory, HistoryEvent } from './history-event.js';

/** More problems than this are counted, not listed: the first ones say what is wrong. */
const MAX_LISTED = 20;
const SHAPE_HINT =
  'Expected the output of `aws stepfunctions get-execution-history --output json` ({"events":[...]}) ' +
  'or GetExecutionHistory page(s) from the SDK.';

/**
 * Reads an execution history in any form it is found in: the CLI's `{"events":[...]}` (ISO or epoch
 * timestamps), one SDK GetExecutionHistory page or an array of pages, a bare array of events, in either
 * order, or the same as a JSON string. Returns the events ascending by id with epoch-ms timestamps.
 *
 * @throws InvalidInputError `HISTORY_INVALID` listing every problem found (e.g. "events[3].type is missing").
 */
export function parseHistory(input: unknown): ExecutionHistory {
  const value = typeof input === 'string' ? parseJson(input) : input;
  const problems: string[] = [];
  const pages = toPages(value, problems);
  // Sized once: growing a 25,000-event array by push copies it a dozen times.
  const events: HistoryEvent[] = new Array(capacityOf(pages));
  let count = 0;
  const unknown = new Set<string>();
  let complete = true;
  // Ids ascending as read (the CLI's order) need no sort, and cannot repeat.
  let ascending = true;
  let lastId = 0;
  for (const page of pages) {
    const pageResult = historyPageSchema.safeParse(page.value);
    if (!pageResult.success) {
      report(problems, page.prefix, pageResult.error);
      continue;
    }
    complete = !(pageResult.data.nextToken ?? pageResult.data.NextToken);
    const raws = pageResult.data.events;
    for (let index = 0; index < raws.length; index++) {
      const raw = raws[index];
      // The path of a problem is built only for an event that has one (a string each costs at 25,000).
      let event = readWellFormedEvent(raw, unknown);
      if (event === null) {
        event = toEvent(raw, `${page.prefix}events[${index}]`, problems);
        if (event === null) continue;
        if (!knownEventTypes.has(event.type)) unknown.add(event.type);
      }
      if (event.id <= lastId) ascending = false;
      lastId = event.id;
      events[count++] = event;
    }
  }
  events.length = count;
  if (problems.length === 0 && events.length === 0)
    problems.push('events is empty: an execution history has at least an ExecutionStarted event');
  if (!ascending) events.sort((a, b) => a.id - b.id);
  if (
    problems.length > 0 ||
    (!ascending && events.some((event, i) => i > 0 && event.id === events[i - 1]?.id))
  )
    problems.push(...duplicates(pages));
  if (problems.length > 0) throw invalid(problems);
  return { events, unknownEventTypes: [...unknown], complete };
}

/** How many events the pages hold at most (what is not an array of events counts as none). */
function capacityOf(pages: readonly { value: unknown }[]): number {
  let capacity = 0;
  for (const page of pages) {
    const events = (page.value as { events?: unknown } | null)?.events;
    if (Array.isArray(events)) capacity += events.length;
  }
  return capacity;
}

/** Where each repeated id is, found only once a repeat is known (a map of all ids costs on the happy path). */
function duplicates(pages: readonly { prefix: string; value: unknown }[]): string[] {
  const seen = new Map<number, string>();
  const problems: string[] = [];
  for (const page of pages) {
    const events = (page.value as { events?: unknown } | null)?.events;
    if (!Array.isArray(events)) continue;
    events.forEach((event: { id?: unknown } | null, index) => {
      const id = event?.id;
      if (typeof id !== 'number') return;
      const path = `${page.prefix}events[${index}]`;
      const previous = seen.get(id);
      if (previous !== undefined) problems.push(`${path}.id ${id} appears twice (also at ${previous})`);
      seen.set(id, path);
    });
  }
  return problems;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw invalid(['the input is empty']);
  try {
    return JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw invalid([`the input is not valid JSON (${why}); was the file cut short?`]);
  }
}

function toPages(value: unknown, problems: string[]): { prefix: string; value: unknown }[] {
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    const isPages = typeof first === 'object' && first !== null && 'events' in first;
    if (isPages) return value.map((page, i) => ({ prefix: `pages[${i}].`, value: page }));
    return [{ prefix: '', value: { events: value } }];
  }
  if (typeof value === 'object' && value !== null) return [{ prefix: '', value }];
  problems.push(`the history is ${value === null ? 'null' : typeof value}, not an object`);
  return [];
}

/** The slow path, for an event the fast one (readWellFormedEvent) did not take: zod names each problem. */
function toEvent(raw: unknown, path: string, problems: string[]): HistoryEvent | null {
  let envelope: {
    id: number;
    previousEventId?: number | null | undefined;
    type: string;
    timestamp: string | number | Date;
  };
  // A sound envelope whose time does not read (an invalid Date, Infinity) is told as "is not a time".
  if (isWellFormedEvent(raw)) envelope = raw as typeof envelope;
  else {
    const result = historyEventSchema.safeParse(raw);
    if (!result.success) {
      report(problems, `${path}.`, result.error);
      return null;
    }
    envelope = result.data;
  }
  const timestamp = toEpochMs(envelope.timestamp);
  if (timestamp === null)
    problems.push(`${path}.timestamp ${JSON.stringify(envelope.timestamp)} is not a time`);
  const object = raw as Record<string, unknown>;
  const detailsKey = detailsKeyOf(object);
  const details = detailsKey === undefined ? null : (object[detailsKey] ?? null);
  if (details !== null) {
    const parsed = eventDetailsSchema.safeParse(details);
    if (!parsed.success) {
      report(problems, `${path}.${detailsKey}.`, parsed.error);
      return null;
    }
  }
  if (timestamp === null) return null;
  const d = details as RawEventDetails | null;
  return {
    id: envelope.id,
    previousEventId: envelope.previousEventId ?? 0,
    timestamp,
    type: envelope.type,
    stateName: d?.name ?? null,
    error: d?.error ?? null,
    cause: d?.cause ?? null,
    resourceType: d?.resourceType ?? null,
    resource: d?.resource ?? null,
    iterationIndex: d?.index ?? null,
    details: d,
  };
}

function report(problems: string[], prefix: string, error: z.ZodError): void {
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const where = `${prefix}${path.replace(/^\./, '')}`.replace(/\.$/, '');
    problems.push(where === '' ? issue.message : `${where} ${issue.message}`);
  }
}

function invalid(problems: readonly string[]): InvalidInputError {
  const listed = problems.slice(0, MAX_LISTED).map((p) => `  - ${p}`);
  if (problems.length > MAX_LISTED) listed.push(`  - ...and ${problems.length - MAX_LISTED} more`);
  return new InvalidInputError(
    'HISTORY_INVALID',
    `The execution history is not valid:\n${listed.join('\n')}\n${SHAPE_HINT}`,
  );
}
