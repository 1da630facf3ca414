import { z } from 'zod';

// zod (a project dependency) is the one validation library: every problem is reported at once.
const missingOr = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is missing' : `must be ${what}`;

/** A timestamp as the CLI (ISO string, or epoch seconds), the SDK (Date) or a JSON dump (epoch ms) gives it. */
const timestampSchema = z.union([z.string(), z.number(), z.date()], {
  error: missingOr('an ISO-8601 string, epoch seconds or milliseconds, or a Date'),
});

/**
 * The fields of any `*EventDetails` the diagnosis reads. Plain (stripping) objects: zod then copies only
 * these fields, which keeps a 25,000-event history cheap; the raw details object is kept beside them.
 */
export const eventDetailsSchema = z.object({
  name: z.string({ error: missingOr('a string') }).optional(),
  error: z.string({ error: missingOr('a string') }).nullish(),
  cause: z.string({ error: missingOr('a string') }).nullish(),
  resourceType: z.string({ error: missingOr('a string') }).optional(),
  resource: z.string({ error: missingOr('a string') }).optional(),
  index: z.number({ error: missingOr('a number') }).optional(),
});

/** The envelope of every event; its `*EventDetails` is read from the raw event (see parseHistory). */
export const historyEventSchema = z.object({
  id: z
    .number({ error: missingOr('a positive integer') })
    .int('must be an integer')
    .positive('must be positive'),
  previousEventId: z
    .number({ error: missingOr('a non-negative integer') })
    .int('must be an integer')
    .nonnegative('must not be negative')
    .nullish(),
  type: z
    .string({ error: missingOr('a string') })
    .regex(/^[A-Z][A-Za-z]{2,80}$/, 'is not a Step Functions event type (e.g. "TaskFailed")'),
  timestamp: timestampSchema,
});

export const historyPageSchema = z.looseObject({
  // z.custom keeps the array as it is: each event is validated on its own, and a copy of 25,000 costs.
  events: z.custom<unknown[]>((value) => Array.isArray(value), {
    error: missingOr('an array of history events'),
  }),
  nextToken: z.string().nullish(),
  NextToken: z.string().nullish(),
});

export type RawHistoryEvent = z.infer<typeof historyEventSchema>;
export type RawEventDetails = z.infer<typeof eventDetailsSchema>;
