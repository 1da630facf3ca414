import { classify } from './classify.js';
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
import type { EcsTask } from './ecs/ecs-task.js';
import { pickCulpritContainer } from './ecs/pick-culprit-container.js';
import { readEcsCause } from './ecs/read-ecs-cause.js';
import { findRootFailure, type RootFailure } from './find-root-failure.js';
import type { ExecutionHistory } from './history/history-event.js';
import { signalOf } from './knowledge/exit-codes.js';
import { adviceOf } from './knowledge/knowledge-entry.js';
import { retryAdviceOf } from './knowledge/retry-advice.js';
import { messages } from './messages.js';

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
  const cause = readEcsCause(root.cause);
  const task = cause?.kind === 'task' ? cause.task : null;
  const culprit = task === null ? null : pickCulpritContainer(task.containers);
  const { entry, reason, apiError } = classify(root, cause, culprit);
  const t = messages[options.lang];
  const executionArn = options.executionArn ?? null;
  const stateMachineArn = options.stateMachineArn ?? stateMachineArnOf(executionArn);
  const command = culprit?.name ? (task?.commands.get(culprit.name) ?? null) : null;
  const exitCode = culprit?.exitCode ?? null;
  const advice = adviceOf(entry, options.lang, {
    state: root.stateName ?? t.unknownState,
    container: culprit?.name ?? null,
    exitCode,
    signal: exitCode === null ? null : signalOf(exitCode),
    taskArn: task?.taskArn ?? '<task-arn>',
    cluster: clusterNameOf(task?.clusterArn ?? null, task?.taskArn ?? null) ?? '<cluster>',
    taskDefinition: taskDefinitionNameOf(task?.taskDefinitionArn ?? null) ?? t.theTaskDefinition,
    command: command === null ? t.noCommand : `\`${command.join(' ')}\``,
    error: root.error,
    reason,
    apiError,
  });
  const started = task?.startedAt ?? task?.createdAt ?? root.enteredAt;
  const stopped = task?.stoppedAt ?? root.failedAt;
  const evidence: Evidence = {
    executionArn,
    stateMachineArn,
    executionStatus: root.status,
    redriveCount: root.redrive?.count ?? null,
    failedState: root.stateName,
    statePath: root.statePath,
    attempt: root.attempt,
    attempts: root.attempts,
    error: root.error,
    cause: root.cause,
    taskArn: task?.taskArn ?? null,
    taskDefinitionArn: task?.taskDefinitionArn ?? null,
    clusterArn: task?.clusterArn ?? null,
    group: task?.group ?? null,
    container: culprit?.name ?? null,
    exitCode,
    stopCode: task?.stopCode ?? null,
    stoppedReason: task?.stoppedReason ?? null,
    containerReason: culprit?.reason ?? null,
    command,
    startedAt: started === null ? null : new Date(started).toISOString(),
    stoppedAt: stopped === null ? null : new Date(stopped).toISOString(),
    durationSeconds:
      started !== null && stopped !== null && stopped >= started ? (stopped - started) / 1000 : null,
    logLines: options.logLines ?? null,
  };
  const retried = (root.attempts ?? 0) > 1 && root.attempt === root.attempts && root.kind === 'leaf';
  const stateless = root.stateName === null || advice.title.includes(root.stateName);
  return {
    category: entry.category,
    title: stateless ? capitalise(advice.title) : `${root.stateName}: ${advice.title}`,
    explanation: explanationOf(root, advice.explanation, retried, options.lang),
    nextSteps: advice.nextSteps,
    evidence,
    links: linksOf(options, executionArn, task),
    retry: retryAdviceOf(entry, options.lang, {
      executionArn,
      stateMachineArn,
      executionStatus: root.status,
      redrive: options.redrive ?? null,
    }),
    sources: [entry.source],
    lang: options.lang,
  };
}

function linksOf(options: DiagnoseOptions, executionArn: string | null, task: EcsTask | null): Link[] {
  const t = messages[options.lang];
  const links: Link[] = [];
  const region = regionOfArn(executionArn) ?? regionOfArn(task?.taskArn) ?? options.region ?? null;
  if (executionArn !== null && region !== null)
    links.push({ label: t.linkExecution, url: executionUrl(region, executionArn) });
  const cluster = clusterNameOf(task?.clusterArn ?? null, task?.taskArn ?? null);
  const taskRegion = regionOfArn(task?.taskArn) ?? region;
  if (task?.taskArn && cluster !== null && taskRegion !== null)
    links.push({ label: t.linkTask, url: ecsTaskUrl(taskRegion, cluster, taskIdOf(task.taskArn)) });
  const logRegion = options.logStream?.region ?? taskRegion;
  if (options.logStream && logRegion !== null)
    links.push({
      label: t.linkLogs,
      url: logStreamUrl(logRegion, options.logStream.group, options.logStream.stream),
    });
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

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
