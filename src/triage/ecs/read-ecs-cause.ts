import { toEpochMs } from '../history/to-epoch-ms.js';
import type { EcsCause, EcsContainer, EcsTask, RunTaskFailure } from './ecs-task.js';

type Json = Record<string, unknown>;

/** Reads a key in PascalCase or camelCase: Step Functions uses the former, DescribeTasks the latter. */
function get(object: Json, key: string): unknown {
  const pascal = key.charAt(0).toUpperCase() + key.slice(1);
  return object[pascal] ?? object[key.charAt(0).toLowerCase() + key.slice(1)];
}

const str = (object: Json, key: string): string | null => {
  const value = get(object, key);
  return typeof value === 'string' && value !== '' ? value : null;
};
const num = (object: Json, key: string): number | null => {
  const value = get(object, key);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return null;
};
const time = (object: Json, key: string): number | null => {
  const value = get(object, key);
  return typeof value === 'number' || typeof value === 'string' ? toEpochMs(value) : null;
};
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

/**
 * Reads the `cause` of a failed ECS task state: the stopped task as JSON (runTask.sync), a RunTask
 * response with `Failures[]`, a DescribeTasks-like `{tasks:[...]}`, or plain text (not JSON is fine).
 */
export function readEcsCause(cause: string | null): EcsCause | null {
  if (cause === null || cause.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(cause);
  } catch {
    return { kind: 'text', text: cause };
  }
  if (!isObject(parsed)) return { kind: 'text', text: cause };
  const failures = objects(get(parsed, 'failures'));
  const tasks = objects(get(parsed, 'tasks'));
  if (tasks.length === 0 && failures.length > 0)
    return { kind: 'failures', failures: failures.map(toFailure) };
  const task = tasks[0] ?? parsed;
  if (
    get(task, 'taskArn') === undefined &&
    get(task, 'containers') === undefined &&
    get(task, 'stopCode') === undefined
  )
    return { kind: 'text', text: cause };
  return { kind: 'task', task: toTask(task) };
}

function toFailure(failure: Json): RunTaskFailure {
  return { arn: str(failure, 'arn'), reason: str(failure, 'reason'), detail: str(failure, 'detail') };
}

function toContainer(container: Json): EcsContainer {
  const essential = get(container, 'essential');
  return {
    name: str(container, 'name'),
    exitCode: num(container, 'exitCode'),
    reason: str(container, 'reason'),
    lastStatus: str(container, 'lastStatus'),
    essential: typeof essential === 'boolean' ? essential : null,
  };
}

function toTask(task: Json): EcsTask {
  const overrides = get(task, 'overrides');
  const commands = new Map<string, readonly string[]>();
  for (const override of objects(isObject(overrides) ? get(overrides, 'containerOverrides') : undefined)) {
    const name = str(override, 'name');
    const command = get(override, 'command');
    if (name !== null && Array.isArray(command)) commands.set(name, command.map(String));
  }
  return {
    taskArn: str(task, 'taskArn'),
    taskDefinitionArn: str(task, 'taskDefinitionArn'),
    clusterArn: str(task, 'clusterArn'),
    group: str(task, 'group'),
    launchType: str(task, 'launchType'),
    stopCode: str(task, 'stopCode'),
    stoppedReason: str(task, 'stoppedReason'),
    containers: objects(get(task, 'containers')).map(toContainer),
    commands,
    createdAt: time(task, 'createdAt'),
    startedAt: time(task, 'startedAt'),
    stoppingAt: time(task, 'stoppingAt'),
    stoppedAt: time(task, 'stoppedAt'),
  };
}
