import { InvalidInputError } from '../../shared/errors.js';
import { type DiagnoseOptions, diagnose, diagnoseTask } from '../diagnose.js';
import type { Diagnosis } from '../diagnosis.js';
import type { EcsTask } from '../ecs/ecs-task.js';
import { readEcsObject } from '../ecs/read-ecs-cause.js';
import type { ExecutionHistory } from '../history/history-event.js';
import { parseHistory } from '../history/parse-history.js';

/** What `sekisho triage FILE` and the Lambda can be given, told apart by its shape. */
export type TriageInput =
  | { readonly kind: 'history'; readonly history: ExecutionHistory }
  | {
      readonly kind: 'ecs-task';
      readonly task: EcsTask;
      /** `describe-tasks`: the output of `aws ecs describe-tasks`; `eventbridge`: an "ECS Task State Change" event. */
      readonly origin: 'describe-tasks' | 'eventbridge';
      /** The task's lastStatus (an event also reports RUNNING and PENDING tasks). */
      readonly lastStatus: string | null;
    };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The detail-type of the EventBridge events ECS sends for task state changes. */
export const ECS_TASK_STATE_CHANGE = 'ECS Task State Change';

/**
 * Tells the input apart and reads it: an EventBridge "ECS Task State Change" event, the output of
 * `aws ecs describe-tasks` (the first STOPPED task, else the first task), or a Step Functions
 * execution history in any of the shapes {@link parseHistory} reads.
 *
 * @throws InvalidInputError `HISTORY_INVALID` for JSON that is none of them (with the history's
 *   problems), `TASKS_EMPTY` for a describe-tasks output without tasks (naming its failures).
 */
export function readTriageInput(input: unknown): TriageInput {
  const value = typeof input === 'string' ? parseJsonOrKeep(input) : input;
  if (isObject(value) && value['detail-type'] === ECS_TASK_STATE_CHANGE && isObject(value.detail)) {
    const cause = readEcsObject(value.detail);
    if (cause?.kind === 'task')
      return {
        kind: 'ecs-task',
        task: cause.task,
        origin: 'eventbridge',
        lastStatus: lastStatusOf(value.detail),
      };
  }
  if (isObject(value) && Array.isArray(value.tasks)) {
    const tasks = value.tasks.filter(isObject);
    const chosen = tasks.find((t) => lastStatusOf(t) === 'STOPPED') ?? tasks[0];
    const cause = chosen === undefined ? null : readEcsObject(chosen);
    if (chosen !== undefined && cause?.kind === 'task')
      return {
        kind: 'ecs-task',
        task: cause.task,
        origin: 'describe-tasks',
        lastStatus: lastStatusOf(chosen),
      };
    const failures = Array.isArray(value.failures)
      ? value.failures
          .filter(isObject)
          .map((f) => [f.arn, f.reason].filter((x) => typeof x === 'string').join(': '))
      : [];
    throw new InvalidInputError(
      'TASKS_EMPTY',
      `The describe-tasks output holds no task${failures.length > 0 ? ` (failures: ${failures.join('; ')})` : ''}. Stopped tasks are kept about an hour: describe the task soon after it stops, or keep its EventBridge "ECS Task State Change" events.`,
    );
  }
  return { kind: 'history', history: parseHistory(typeof input === 'string' ? input : value) };
}

/** Diagnoses whatever {@link readTriageInput} read. */
export function diagnoseInput(input: TriageInput, options: DiagnoseOptions): Diagnosis {
  return input.kind === 'history' ? diagnose(input.history, options) : diagnoseTask(input.task, options);
}

const lastStatusOf = (task: Json): string | null => {
  const status = task.lastStatus ?? task.LastStatus;
  return typeof status === 'string' ? status : null;
};

/** The parsed JSON, or the text itself when it is not JSON (parseHistory then reports why). */
function parseJsonOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
