import { toEpochMs } from '../history/to-epoch-ms.js';
import type { BatchJob, EcsCause, EcsContainer, EcsTask, RunTaskFailure } from './ecs-task.js';

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
 * response with `Failures[]`, a DescribeTasks-like `{tasks:[...]}`, an AWS Batch job
 * (batch:submitJob.sync), or plain text (not JSON is fine).
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
  return readEcsObject(parsed) ?? { kind: 'text', text: cause };
}

/** The same as {@link readEcsCause} for JSON already parsed; null when it is neither a task, a job nor failures. */
export function readEcsObject(parsed: Json): EcsCause | null {
  if (get(parsed, 'jobId') !== undefined && get(parsed, 'jobName') !== undefined)
    return { kind: 'task', task: fromBatchJob(parsed) };
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
    return null;
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
    image: str(container, 'image'),
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
    subnetId: subnetOf(task),
    batch: null,
    createdAt: time(task, 'createdAt'),
    startedAt: time(task, 'startedAt'),
    stoppingAt: time(task, 'stoppingAt'),
    stoppedAt: time(task, 'stoppedAt'),
  };
}

/** The subnetId detail of the task's ElasticNetworkInterface attachment. */
function subnetOf(task: Json): string | null {
  for (const attachment of objects(get(task, 'attachments')))
    for (const detail of objects(get(attachment, 'details')))
      if (str(detail, 'name') === 'subnetId') return str(detail, 'value');
  return null;
}

/** The container AWS Batch runs a job in is named "default" in the job's ECS task. */
const BATCH_CONTAINER = 'default';
/** The log group of AWS Batch jobs unless the job definition's logConfiguration names another. */
const BATCH_LOG_GROUP = '/aws/batch/job';

/**
 * An AWS Batch job (DescribeJobs' shape, as Step Functions puts it in the cause of a failed
 * submitJob.sync) read as the ECS task that ran its last attempt.
 */
function fromBatchJob(job: Json): EcsTask {
  const container = isObject(get(job, 'container')) ? (get(job, 'container') as Json) : {};
  const attempts = objects(get(job, 'attempts'));
  const last = attempts[attempts.length - 1];
  const lastContainer = last && isObject(get(last, 'container')) ? (get(last, 'container') as Json) : {};
  const command = get(container, 'command');
  const logConfiguration = get(container, 'logConfiguration');
  const options = isObject(logConfiguration) ? get(logConfiguration, 'options') : undefined;
  const group =
    isObject(options) && typeof options['awslogs-group'] === 'string' ? options['awslogs-group'] : null;
  const reason = str(container, 'reason') ?? str(lastContainer, 'reason');
  const batch: BatchJob = {
    jobName: str(job, 'jobName'),
    jobId: str(job, 'jobId'),
    jobQueue: str(job, 'jobQueue'),
    jobDefinition: str(job, 'jobDefinition'),
    attempts: attempts.length,
    attemptReasons: attempts.map((a) => str(a, 'statusReason')),
    logGroup: group ?? BATCH_LOG_GROUP,
    logStreamName: str(container, 'logStreamName') ?? str(lastContainer, 'logStreamName'),
  };
  return {
    taskArn: str(container, 'taskArn') ?? str(lastContainer, 'taskArn'),
    taskDefinitionArn: null,
    clusterArn: null,
    group: null,
    launchType: null,
    stopCode: null,
    stoppedReason: str(job, 'statusReason') ?? (last ? str(last, 'statusReason') : null),
    containers: [
      {
        name: BATCH_CONTAINER,
        exitCode: num(container, 'exitCode') ?? num(lastContainer, 'exitCode'),
        reason,
        lastStatus: null,
        image: str(container, 'image'),
        essential: true,
      },
    ],
    commands: new Map(Array.isArray(command) ? [[BATCH_CONTAINER, command.map(String)]] : []),
    subnetId: null,
    batch,
    createdAt: time(job, 'createdAt'),
    startedAt: time(job, 'startedAt') ?? (last ? time(last, 'startedAt') : null),
    stoppingAt: null,
    stoppedAt: time(job, 'stoppedAt') ?? (last ? time(last, 'stoppedAt') : null),
  };
}
