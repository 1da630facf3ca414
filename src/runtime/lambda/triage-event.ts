import { z } from 'zod';
import { InvalidInputError } from '../../shared/errors.js';

/** What one invocation asks for: triage this execution, or nothing (with why). */
export type TriageRequest =
  | {
      readonly kind: 'triage';
      readonly executionArn: string;
      /** The failure as the event reported it, posted as-is if the diagnosis fails. */
      readonly error: string | null;
      readonly cause: string | null;
    }
  | { readonly kind: 'skip'; readonly reason: string };

/** The statuses worth a message; RUNNING and SUCCEEDED are not failures. */
const FAILED_STATUSES = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

const statusChangeSchema = z.object({
  'detail-type': z.literal('Step Functions Execution Status Change'),
  source: z.literal('aws.states'),
  detail: z.object({
    executionArn: z.string().min(1),
    status: z.string(),
    error: z.string().nullish(),
    cause: z.string().nullish(),
  }),
});

const directSchema = z.object({ executionArn: z.string().min(1) });

/**
 * Reads the invocation: an EventBridge "Step Functions Execution Status Change" event
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html), or a direct invocation
 * `{ "executionArn": "…" }`. Statuses other than FAILED, TIMED_OUT and ABORTED are skipped.
 *
 * @throws InvalidInputError `TRIAGE_EVENT_INVALID` for anything else (naming what was expected).
 */
export function readTriageEvent(event: unknown): TriageRequest {
  const change = statusChangeSchema.safeParse(event);
  if (change.success) {
    const { executionArn, status, error, cause } = change.data.detail;
    if (!FAILED_STATUSES.has(status))
      return { kind: 'skip', reason: `execution ${executionArn} is ${status}, not a failure` };
    return { kind: 'triage', executionArn, error: error ?? null, cause: cause ?? null };
  }
  const direct = directSchema.safeParse(event);
  if (direct.success)
    return { kind: 'triage', executionArn: direct.data.executionArn, error: null, cause: null };
  throw new InvalidInputError(
    'TRIAGE_EVENT_INVALID',
    'Expected an EventBridge "Step Functions Execution Status Change" event or {"executionArn": "arn:aws:states:…"}.',
  );
}
