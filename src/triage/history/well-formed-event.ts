import { knownEventTypes } from './event-types.js';
import type { HistoryEvent } from './history-event.js';
import { toEpochMs } from './to-epoch-ms.js';

// The fast path of parseHistory: reads an event that the zod schemas of history-schema.ts surely accept
// (and whose timestamp reads) straight into a HistoryEvent, reading each field once; anything else returns
// null and goes to zod, which then names each problem. It exists for speed: a 25,000-event history through
// zod alone allocates two objects per event and misses the target (under 50 ms, see
// bench/triage-diagnose.ts). well-formed-event.test.ts keeps both paths in agreement.

/** The event type pattern of history-schema.ts. */
const TYPE = /^[A-Z][A-Za-z]{2,80}$/;

/**
 * Each known type to its one interned string: the events then share it, which spares a string compare
 * in every later Set lookup and `===` of the diagnosis (JSON.parse gives each event its own copy).
 */
const canonicalTypes: ReadonlyMap<string, string> = new Map([...knownEventTypes].map((type) => [type, type]));

const isId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;
const isPreviousId = (value: unknown): value is number | null | undefined =>
  value === undefined ||
  value === null ||
  (typeof value === 'number' && Number.isInteger(value) && value >= 0);
const typeOf = (value: unknown): string | null =>
  typeof value !== 'string' ? null : (canonicalTypes.get(value) ?? (TYPE.test(value) ? value : null));
const isTime = (value: unknown): value is string | number | Date =>
  typeof value === 'string' || typeof value === 'number' || value instanceof Date;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An envelope (id, previousEventId, type, timestamp) zod surely accepts; its timestamp may still not read. */
export function isWellFormedEvent(raw: unknown): raw is Record<string, unknown> {
  return (
    isObject(raw) &&
    isId(raw.id) &&
    isPreviousId(raw.previousEventId) &&
    typeOf(raw.type) !== null &&
    isTime(raw.timestamp)
  );
}

/**
 * The event, when the whole of it is well formed and its timestamp reads; null sends it to zod. A type
 * that is well formed but not documented is added to `unknownTypes` (one lookup per event, not two).
 */
export function readWellFormedEvent(raw: unknown, unknownTypes: Set<string>): HistoryEvent | null {
  if (!isObject(raw)) return null;
  // One pass over the keys instead of a named read per field: events of different types have different
  // shapes (one `*EventDetails` key each), so `raw.id` and the like are megamorphic lookups, while a
  // keyed read inside for...in goes through the enum cache. Only own enumerable keys are seen: a field
  // found no other way (none, in JSON or the SDK's objects) sends the event to the slow path.
  let id: unknown;
  let previousEventId: unknown;
  let time: unknown;
  let rawType: unknown;
  let details: unknown = null;
  let detailsFound = false;
  let seen = 0;
  for (const key in raw) {
    if (key === 'id') {
      id = raw[key];
      seen |= 1;
    } else if (key === 'type') {
      rawType = raw[key];
      seen |= 2;
    } else if (key === 'timestamp') {
      time = raw[key];
      seen |= 4;
    } else if (key === 'previousEventId') previousEventId = raw[key];
    else if (!detailsFound && isDetailsKey(key)) {
      details = raw[key] ?? null;
      detailsFound = true;
    }
  }
  if (seen !== 7 || typeof rawType !== 'string') return null;
  const known = canonicalTypes.get(rawType);
  const type = known ?? (TYPE.test(rawType) ? rawType : null);
  if (!isId(id) || !isPreviousId(previousEventId) || type === null || !isTime(time)) return null;
  const timestamp = toEpochMs(time);
  if (timestamp === null) return null;
  if (details !== null && !isObject(details)) return null;
  if (known === undefined) unknownTypes.add(type);
  if (details === null)
    return {
      id,
      previousEventId: previousEventId ?? 0,
      timestamp,
      type,
      stateName: null,
      error: null,
      cause: null,
      resourceType: null,
      resource: null,
      iterationIndex: null,
      details: null,
    };
  const d = details;
  // The details differ in shape by type too: the same single pass over their keys.
  let name: unknown;
  let error: unknown;
  let cause: unknown;
  let resourceType: unknown;
  let resource: unknown;
  let index: unknown;
  for (const key in d) {
    if (key === 'name') name = d[key];
    else if (key === 'error') error = d[key];
    else if (key === 'cause') cause = d[key];
    else if (key === 'resourceType') resourceType = d[key];
    else if (key === 'resource') resource = d[key];
    else if (key === 'index') index = d[key];
  }
  if (
    (name !== undefined && typeof name !== 'string') ||
    (error !== undefined && error !== null && typeof error !== 'string') ||
    (cause !== undefined && cause !== null && typeof cause !== 'string') ||
    (resourceType !== undefined && typeof resourceType !== 'string') ||
    (resource !== undefined && typeof resource !== 'string') ||
    (index !== undefined && (typeof index !== 'number' || Number.isNaN(index)))
  )
    return null;
  return {
    id,
    previousEventId: previousEventId ?? 0,
    timestamp,
    type,
    stateName: (name as string | undefined) ?? null,
    error: (error as string | null | undefined) ?? null,
    cause: (cause as string | null | undefined) ?? null,
    resourceType: (resourceType as string | undefined) ?? null,
    resource: (resource as string | undefined) ?? null,
    iterationIndex: (index as number | undefined) ?? null,
    details: d,
  };
}

/** Whether a key is a `<type>EventDetails` one. */
function isDetailsKey(key: string): boolean {
  // The 'E' of "EventDetails" first: it rules out the other keys cheaply.
  return key.length >= 12 && key.charCodeAt(key.length - 12) === 69 && key.endsWith('EventDetails');
}

/** The `<type>EventDetails` key of a raw event, if it has one. */
export function detailsKeyOf(event: Record<string, unknown>): string | undefined {
  // The 'E' of "EventDetails" first: it rules out the other keys (id, type, timestamp...) cheaply.
  for (const key in event) if (isDetailsKey(key)) return key;
  return undefined;
}
