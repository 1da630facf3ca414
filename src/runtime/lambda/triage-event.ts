import { z } from 'zod';
import { InvalidInputError } from '../../shared/errors.js';
import {
  ECS_TASK_STATE_CHANGE,
  readTriageInput,
  type TriageInput,
} from '../../triage/input/read-triage-input.js';

/** What one invocation asks for: triage this execution, or nothing (with why). */
export type TriageRequest =
  | {
      readonly kind: 'triage';
      readonly executionArn: string;
      /** The failure as the event reported it, posted as-is if the diagnosis fails. */
      readonly error: string | null;
      readonly cause: string | null;
    }
  | {
      /** A stopped ECS task with a failure (an EventBridge "ECS Task State Change" event). */
      readonly kind: 'task';
      readonly input: Extract<TriageInput, { kind: 'ecs-task' }>;
      readonly taskArn: string;
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
  if (
    typeof event === 'object' &&
    event !== null &&
    (event as Record<string, unknown>)['detail-type'] === ECS_TASK_STATE_CHANGE
  )
    return readTaskEvent(event);
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
    'Expected an EventBridge "Step Functions Execution Status Change" or "ECS Task State Change" event, or {"executionArn": "arn:aws:states:…"}.',
  );
}

/**
 * An "ECS Task State Change" event (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html):
 * triaged when the task has stopped and something failed (a container exited non-zero or never ran,
 * or the task failed to start); a task still running, or one whose containers all exited 0, is skipped.
 */
function readTaskEvent(event: unknown): TriageRequest {
  let input: TriageInput;
  try {
    input = readTriageInput(event);
  } catch (error) {
    throw new InvalidInputError(
      'TRIAGE_EVENT_INVALID',
      'The "ECS Task State Change" event has no task in its detail.',
      {
        cause: error,
      },
    );
  }
  if (input.kind !== 'ecs-task')
    throw new InvalidInputError(
      'TRIAGE_EVENT_INVALID',
      'The "ECS Task State Change" event has no task in its detail.',
    );
  const { task } = input;
  const taskArn = task.taskArn ?? 'an ECS task';
  if (input.lastStatus !== null && input.lastStatus !== 'STOPPED')
    return { kind: 'skip', reason: `task ${taskArn} is ${input.lastStatus}, not stopped` };
  const failed =
    task.stopCode === 'TaskFailedToStart' ||
    task.containers.some((c) => c.exitCode === null || c.exitCode !== 0);
  if (!failed) return { kind: 'skip', reason: `task ${taskArn} stopped with every container exiting 0` };
  return { kind: 'task', input, taskArn };
}
