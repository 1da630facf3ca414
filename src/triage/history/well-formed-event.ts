/**
 * A fast check that accepts only events the zod schemas of history-schema.ts surely accept. parseHistory
 * builds those directly and hands everything else to zod, which then names each problem. It exists for
 * speed: a 25,000-event history through zod alone allocates two objects per event and misses the target
 * (under 50 ms, see bench/triage-diagnose.ts). well-formed-event.test.ts keeps both in agreement.
 */
const TYPE = /^[A-Z][A-Za-z]{2,80}$/;

const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
const nullableString = (value: unknown) => value === undefined || value === null || typeof value === 'string';

export function isWellFormedEvent(raw: unknown): raw is Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const event = raw as Record<string, unknown>;
  const { id, previousEventId, type, timestamp } = event;
  if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) return false;
  if (previousEventId !== undefined && previousEventId !== null) {
    if (typeof previousEventId !== 'number' || !Number.isInteger(previousEventId) || previousEventId < 0)
      return false;
  }
  if (typeof type !== 'string' || !TYPE.test(type)) return false;
  return typeof timestamp === 'string' || typeof timestamp === 'number' || timestamp instanceof Date;
}

export function isWellFormedDetails(raw: unknown): raw is Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const d = raw as Record<string, unknown>;
  return (
    optionalString(d.name) &&
    nullableString(d.error) &&
    nullableString(d.cause) &&
    optionalString(d.resourceType) &&
    optionalString(d.resource) &&
    (d.index === undefined || (typeof d.index === 'number' && !Number.isNaN(d.index)))
  );
}

/** The `<type>EventDetails` key of a raw event, if it has one. */
export function detailsKeyOf(event: Record<string, unknown>): string | undefined {
  for (const key in event) if (key.endsWith('EventDetails')) return key;
  return undefined;
}
