import { classify, explainedByLog } from './classify.js';
import {
  clusterNameOf,
  ecsTaskUrl,
  executionUrl,
  logStreamUrl,
  regionOfArn,
  stateMachineArnOf,
  taskDefinitionNameOf,
  taskIdOf,
} from './console-links.js';
import type { Diagnosis, Evidence, Lang, Link, RedriveState } from './diagnosis.js';
import type { EcsCause, EcsContainer, EcsTask } from './ecs/ecs-task.js';
import { pickCulpritContainer } from './ecs/pick-culprit-container.js';
import { readEcsCause } from './ecs/read-ecs-cause.js';
import { readReasonDetails } from './ecs/read-reason-details.js';
import { findRootFailure, type RootFailure } from './find-root-failure.js';
import type { ExecutionHistory, HistoryEvent } from './history/history-event.js';
import { signalOf } from './knowledge/exit-codes.js';
import { type AdviceValues, adviceOf, type KnowledgeEntry } from './knowledge/knowledge-entry.js';
import { retryAdviceOf } from './knowledge/retry-advice.js';
import { workflowErrors } from './knowledge/workflow-errors.js';
import { messages } from './messages.js';
import { none } from './root-failure.js';
import { type WhatChanged, whatChanged } from './what-changed.js';

export interface DiagnoseOptions {
  readonly lang: Lang;
  /** Region for console links when no ARN tells it. */
  readonly region?: string;
  readonly executionArn?: string;
  /** The execution's state machine as DescribeExecution names it; derived from the execution ARN otherwise. */
  readonly stateMachineArn?: string;
  /**
   * DescribeExecution's redriveStatus, redriveStatusReason and redriveCount, when the execution was
   * read live; absent or null (a history file) keeps the general retry advice.
   */
  readonly redrive?: RedriveState | null;
  /** The last lines of the failed container's log, when the caller could read them. */
  readonly logLines?: readonly string[] | null;
  /** The last successful execution of the state machine (live reads), for the "what changed" hint. */
  readonly previousSuccess?: { readonly executionArn: string; readonly history: ExecutionHistory } | null;
  /** The container's log stream; `region` (awslogs-region, as awslogsStreamOf returns it) when it differs from the task's. */
  readonly logStream?: {
    readonly group: string;
    readonly stream: string;
    readonly region?: string | null;
  } | null;
}

/**
 * Explains why an execution failed: finds the root failure, reads the ECS task (or error) behind it,
 * picks the container that stopped the task and matches the knowledge base. Pure and linear in the
 * number of events; never throws for a well-formed history (unknown failures get category `unknown`).
 */
export function diagnose(history: ExecutionHistory, options: DiagnoseOptions): Diagnosis {
  const root = findRootFailure(history);
  // A succeeded execution whose attempts failed on the way is explained by its last failed attempt.
  const shown = root.recovered?.last ?? root;
  return diagnoseRoot(root, shown, readEcsCause(shown.cause), options, functionOf(history.events, shown));
}

/**
 * Explains a stopped ECS task read without Step Functions (`aws ecs describe-tasks` output, an
 * EventBridge "ECS Task State Change" event): the same knowledge, with advice to run the task again
 * rather than redrive an execution.
 */
export function diagnoseTask(task: EcsTask, options: DiagnoseOptions): Diagnosis {
  const root: RootFailure = { ...none('ExecutionFailed'), kind: 'leaf' };
  return diagnoseRoot(root, root, { kind: 'task', task }, options, null);
}

function diagnoseRoot(
  root: RootFailure,
  shown: RootFailure,
  cause: EcsCause | null,
  options: DiagnoseOptions,
  fn: string | null,
): Diagnosis {
  const standalone = root.event === null && root.kind === 'leaf';
  const task = cause?.kind === 'task' ? cause.task : null;
  const culprit = task === null ? null : pickCulpritContainer(task.containers);
  const byCode = classify(shown, cause, culprit);
  const byLog = explainedByLog(byCode.entry, options.logLines);
  const classified = byLog === null ? byCode : { ...byCode, entry: byLog.entry };
  const entry = chooseEntry(root, task, culprit, classified.entry, standalone);
  const executionArn = options.executionArn ?? null;
  const stateMachineArn = options.stateMachineArn ?? stateMachineArnOf(executionArn);
  const logStream = options.logStream ?? batchLogStream(task);
  const values = valuesOf(shown, task, culprit, options, {
    reason: classified.reason,
    apiError: classified.apiError,
    function: fn,
    logStream,
    logLine: byLog?.line ?? null,
  });
  const advice = adviceOf(entry, options.lang, {
    ...values,
    failures: root.recovered?.failures ?? null,
    lastFailure: root.recovered === null ? null : adviceOf(classified.entry, options.lang, values).title,
  });
  const evidence = evidenceOf(root, shown, task, culprit, options, {
    executionArn,
    stateMachineArn,
    image: typeof values.image === 'string' ? values.image : null,
    standalone,
  });
  const changed =
    options.previousSuccess && root.status !== 'ExecutionSucceeded'
      ? whatChanged(task, options.previousSuccess)
      : null;
  const retried = (shown.attempts ?? 0) > 1 && shown.attempt === shown.attempts && shown.kind === 'leaf';
  const stateless =
    root.recovered !== null || shown.stateName === null || advice.title.includes(shown.stateName);
  return {
    category: entry.category,
    cause: entry.id,
    title: stateless ? capitalise(advice.title) : `${shown.stateName}: ${advice.title}`,
    explanation: [
      explanationOf(root, advice.explanation, retried && root.recovered === null, options.lang),
      ...(changed === null ? [] : [changedSentence(changed, options.lang)]),
    ].join(options.lang === 'ja' ? '' : ' '),
    whatChanged: changed,
    nextSteps: advice.nextSteps,
    evidence,
    links: linksOf(options, executionArn, task, logStream),
    retry: retryAdviceOf(entry, options.lang, {
      executionArn,
      stateMachineArn,
      executionStatus: root.status,
      redrive: options.redrive ?? null,
      stateName: shown.stateName,
      sameStateSucceeded: shown.sameStateSucceeded,
      failedAttempts: root.recovered?.failures ?? 0,
      standaloneTask: standalone,
    }),
    sources: entry === classified.entry ? [entry.source] : [entry.source, classified.entry.source],
    lang: options.lang,
  };
}

/** The entry to tell: a succeeded run (with its failed attempts), a stopped task that did not fail, or the failure's. */
function chooseEntry(
  root: RootFailure,
  task: EcsTask | null,
  culprit: EcsContainer | null,
  failure: KnowledgeEntry,
  standalone: boolean,
): KnowledgeEntry {
  if (root.recovered !== null) return workflowErrors.succeededAfterFailures;
  const clean =
    task !== null &&
    task.containers.length > 0 &&
    task.containers.every((c) => c.exitCode === 0) &&
    (culprit?.reason ?? null) === null;
  if (standalone && clean && failure.category === 'unknown') return workflowErrors.taskSucceeded;
  return failure;
}

/** The values the knowledge base's templates name, from the task, the culprit and the message. */
function valuesOf(
  root: RootFailure,
  task: EcsTask | null,
  culprit: EcsContainer | null,
  options: DiagnoseOptions,
  extra: {
    readonly reason: string | null;
    readonly apiError: string | null;
    readonly function: string | null;
    readonly logStream: DiagnoseOptions['logStream'];
    /** The log line that explained the failure, read like a reason. */
    readonly logLine: string | null;
  },
): AdviceValues {
  const t = messages[options.lang];
  const text = [culprit?.reason, task?.stoppedReason, task === null ? root.cause : null, extra.logLine]
    .filter((x): x is string => typeof x === 'string')
    .join('\n');
  const details = readReasonDetails(text, culprit?.image ?? null);
  const command = culprit?.name ? (task?.commands.get(culprit.name) ?? null) : null;
  const exitCode = culprit?.exitCode ?? null;
  const ecr = details.image?.match(/^[\w.-]+\.dkr\.ecr\.[\w.-]+\/([^:@]+)(?::([\w.-]+))?/);
  const region = regionOfArn(task?.taskArn) ?? regionOfArn(options.executionArn) ?? options.region ?? null;
  return {
    state: root.stateName,
    container: culprit?.name ?? null,
    exitCode,
    signal: exitCode === null ? null : signalOf(exitCode),
    taskArn: task?.taskArn ?? null,
    cluster: clusterNameOf(task?.clusterArn ?? null, task?.taskArn ?? null),
    taskDefinition: taskDefinitionNameOf(task?.taskDefinitionArn ?? null) ?? t.theTaskDefinition,
    command: command === null ? null : `\`${command.join(' ')}\``,
    error: root.error,
    reason: extra.reason,
    apiError: extra.apiError,
    region,
    subnet: task?.subnetId ?? null,
    endpoint: details.endpoint?.name ?? null,
    host: details.host,
    secret: details.secretArn,
    parameter: details.parameter,
    kmsKey: details.kmsKey,
    image: details.image,
    registry: details.registry,
    imageRepository: ecr?.[1] ?? null,
    imageTag: ecr?.[2] ?? null,
    program: details.program,
    port: details.port,
    instance: details.instanceId,
    logGroup: extra.logStream?.group ?? details.logGroup,
    // Set only when the diagnosis prints the log link: texts promise "the link below" only then.
    logsLink: extra.logStream ? 'yes' : null,
    jobName: task?.batch?.jobName ?? null,
    function: extra.function,
    functionName: extra.function?.replace(/^arn:[^:]+:lambda:[^:]+:\d+:function:/, '').split(':')[0] ?? null,
  };
}

function evidenceOf(
  root: RootFailure,
  shown: RootFailure,
  task: EcsTask | null,
  culprit: EcsContainer | null,
  options: DiagnoseOptions,
  known: {
    readonly executionArn: string | null;
    readonly stateMachineArn: string | null;
    readonly image: string | null;
    readonly standalone: boolean;
  },
): Evidence {
  const started = task?.startedAt ?? task?.createdAt ?? shown.enteredAt;
  const stopped = task?.stoppedAt ?? shown.failedAt;
  const batch = task?.batch ?? null;
  return {
    executionArn: known.executionArn,
    stateMachineArn: known.stateMachineArn,
    executionStatus: known.standalone ? 'TaskStopped' : root.status,
    redriveCount: root.redrive?.count ?? null,
    failedState: shown.stateName,
    statePath: shown.statePath,
    attempt: shown.attempt,
    attempts: shown.attempts,
    error: shown.error,
    cause: shown.cause,
    taskArn: task?.taskArn ?? null,
    taskDefinitionArn: task?.taskDefinitionArn ?? null,
    clusterArn: task?.clusterArn ?? null,
    group: task?.group ?? null,
    container: culprit?.name ?? null,
    exitCode: culprit?.exitCode ?? null,
    stopCode: task?.stopCode ?? null,
    stoppedReason: task?.stoppedReason ?? null,
    containerReason: culprit?.reason ?? null,
    command: culprit?.name ? (task?.commands.get(culprit.name) ?? null) : null,
    startedAt: started === null ? null : new Date(started).toISOString(),
    stoppedAt: stopped === null ? null : new Date(stopped).toISOString(),
    durationSeconds:
      started !== null && stopped !== null && stopped >= started ? (stopped - started) / 1000 : null,
    logLines: options.logLines ?? null,
    image: known.image,
    subnet: task?.subnetId ?? null,
    batchJob:
      batch === null
        ? null
        : {
            jobName: batch.jobName,
            jobId: batch.jobId,
            jobQueue: batch.jobQueue,
            jobDefinition: batch.jobDefinition,
            attempts: batch.attempts,
            logGroup: batch.logGroup,
            logStreamName: batch.logStreamName,
          },
    failedAttempts: root.recovered?.failures ?? 0,
  };
}

/** AWS Batch writes a job's log to its own stream, named in the job: no task definition lookup needed. */
function batchLogStream(task: EcsTask | null): DiagnoseOptions['logStream'] {
  const batch = task?.batch;
  return batch?.logStreamName ? { group: batch.logGroup, stream: batch.logStreamName } : null;
}

/** The Lambda function a failed state invoked: its Parameters' FunctionName, or the legacy resource ARN. */
function functionOf(events: readonly HistoryEvent[], root: RootFailure): string | null {
  if (root.event === null || !(root.resourceType === 'lambda' || root.event.type.startsWith('Lambda')))
    return null;
  for (let i = events.indexOf(root.event) - 1; i >= 0; i--) {
    const event = events[i];
    if (event?.type === 'LambdaFunctionScheduled') return event.resource ?? stringOf(event.details?.resource);
    if (event?.type !== 'TaskScheduled' || event.resourceType !== 'lambda') continue;
    const parameters = stringOf(event.details?.parameters);
    try {
      const name = (JSON.parse(parameters ?? '{}') as { FunctionName?: unknown }).FunctionName;
      return typeof name === 'string' ? name : null;
    } catch {
      return null;
    }
  }
  return null;
}

const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function linksOf(
  options: DiagnoseOptions,
  executionArn: string | null,
  task: EcsTask | null,
  logStream: DiagnoseOptions['logStream'],
): Link[] {
  const t = messages[options.lang];
  const links: Link[] = [];
  const region = regionOfArn(executionArn) ?? regionOfArn(task?.taskArn) ?? options.region ?? null;
  if (executionArn !== null && region !== null)
    links.push({ label: t.linkExecution, url: executionUrl(region, executionArn) });
  const cluster = clusterNameOf(task?.clusterArn ?? null, task?.taskArn ?? null);
  const taskRegion = regionOfArn(task?.taskArn) ?? region;
  if (task?.taskArn && cluster !== null && taskRegion !== null)
    links.push({ label: t.linkTask, url: ecsTaskUrl(taskRegion, cluster, taskIdOf(task.taskArn)) });
  const logRegion = logStream?.region ?? taskRegion;
  if (logStream && logRegion !== null)
    links.push({ label: t.linkLogs, url: logStreamUrl(logRegion, logStream.group, logStream.stream) });
  return links;
}

/** The knowledge base's explanation, with what the attempts and a redrive add to it. */
function explanationOf(root: RootFailure, explanation: string, retried: boolean, lang: Lang): string {
  const t = messages[lang];
  const notes: string[] = [];
  if (retried) notes.push(t.attemptsFailed(root.attempts ?? 0));
  const redrive = root.redrive;
  if (redrive !== null) {
    const before = t.redrivenPrevious(redrive.previousState, redrive.previousError);
    // The "no terminal event" text of a running execution is wrong for a redriven one: it has ended before.
    if (root.status === 'running') return t.redrivenRunning(redrive.count, before);
    if (root.status === 'ExecutionSucceeded') notes.push(t.redrivenSucceeded(redrive.count));
    else
      notes.push(
        t.redrivenAgain(
          redrive.count,
          redrive.previousState !== null && redrive.previousState === root.stateName,
          before,
        ),
      );
  }
  return [explanation, ...notes].join(lang === 'ja' ? '' : ' ');
}

/** The "what changed" hint as a sentence: the revision and images of the last success against this run's. */
function changedSentence(changed: WhatChanged, lang: Lang): string {
  const name = changed.previousExecutionArn.split(':').at(-1) ?? changed.previousExecutionArn;
  const parts: string[] = [];
  if (changed.taskDefinition !== null)
    parts.push(
      lang === 'ja'
        ? `タスク定義 ${changed.taskDefinition.before} → ${changed.taskDefinition.now}`
        : `task definition ${changed.taskDefinition.before} → ${changed.taskDefinition.now}`,
    );
  for (const image of changed.images)
    parts.push(
      lang === 'ja'
        ? `コンテナ ${image.container} のイメージ ${image.before} → ${image.now}`
        : `image of ${image.container} ${image.before} → ${image.now}`,
    );
  return lang === 'ja'
    ? `最後に成功した実行（${name}）から変わった点: ${parts.join('、')}。まずここを疑ってください。`
    : `What changed since the last successful execution (${name}): ${parts.join('; ')}. Suspect this first.`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
