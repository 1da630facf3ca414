import type { EcsCause, EcsContainer, EcsTask } from './ecs/ecs-task.js';
import type { RootFailure } from './find-root-failure.js';
import { ecsApiErrorName, ecsApiErrors } from './knowledge/ecs-api-errors.js';
import { exitCodeEntry } from './knowledge/exit-codes.js';
import type { KnowledgeEntry } from './knowledge/knowledge-entry.js';
import { lambdaErrorEntry } from './knowledge/lambda-errors.js';
import { matchMessage } from './knowledge/message-families.js';
import { runTaskFailureFallback, runTaskFailures } from './knowledge/run-task-failures.js';
import { startErrors } from './knowledge/start-errors.js';
import { stopCodes } from './knowledge/stop-codes.js';
import { workflowErrors } from './knowledge/workflow-errors.js';

/** The knowledge entry that explains a failure, with the values its texts need beyond the evidence. */
export interface Classification {
  readonly entry: KnowledgeEntry;
  readonly reason: string | null;
  readonly apiError: string | null;
}

const TIMEOUT_ERRORS = new Set(['States.Timeout', 'States.HeartbeatTimeout']);
const TIMEOUT_EVENTS = new Set(['TaskTimedOut', 'LambdaFunctionTimedOut', 'ActivityTimedOut']);
const DATA_ERRORS =
  /^States\.(Runtime|DataLimitExceeded|ParameterPathFailure|ResultPathMatchFailure|IntrinsicFailure|QueryEvaluationError|NoChoiceMatched|ItemReaderFailed|ResultWriterFailed)$/;

const of = (
  entry: KnowledgeEntry,
  reason: string | null = null,
  apiError: string | null = null,
): Classification => ({
  entry,
  reason,
  apiError,
});

/**
 * Chooses the explanation of a root failure by its root cause: the execution outcome, Step Functions'
 * own errors, then what the ECS cause says (message family, stop code, exit code of the culprit).
 */
export function classify(
  root: RootFailure,
  ecs: EcsCause | null,
  culprit: EcsContainer | null,
): Classification {
  if (root.status === 'ExecutionSucceeded') return of(workflowErrors.succeeded);
  if (root.status === 'ExecutionTimedOut') return of(workflowErrors.executionTimeout);
  if (root.status === 'ExecutionAborted') return of(workflowErrors.executionAborted);
  if (root.status === 'running') return of(workflowErrors.running);
  if (root.kind === 'workflow_fail') return of(workflowErrors.workflowFail);
  const error = root.error ?? '';
  const type = root.event?.type ?? '';
  if (TIMEOUT_ERRORS.has(error) || TIMEOUT_EVENTS.has(type)) return of(workflowErrors.taskTimeout);
  if (error === 'States.Permissions') return of(workflowErrors.permissions);
  if (type === 'EvaluationFailed' || DATA_ERRORS.test(error)) return of(workflowErrors.runtime);
  if (type === 'MapRunFailed' || error === 'States.ExceedToleratedFailureThreshold')
    return of(workflowErrors.mapRun);
  if (root.resourceType === 'lambda' || type.startsWith('LambdaFunction') || error.startsWith('Lambda.'))
    return of(lambdaErrorEntry(root.error, root.cause) ?? workflowErrors.lambda);
  if (ecs?.kind === 'task') return classifyTask(ecs.task, culprit);
  if (ecs?.kind === 'failures') {
    const reason = ecs.failures.map((f) => f.reason).find((r) => r !== null) ?? null;
    const entry = runTaskFailures.find((candidate) => candidate.pattern.test(reason ?? ''));
    return of(entry ?? runTaskFailureFallback, reason);
  }
  // RunTask refused for Fargate capacity comes back as an API exception, not as failures[].
  const capacity = runTaskFailures.find((f) => f.id === 'run-task.fargate-capacity');
  if (capacity?.pattern.test(root.cause ?? '')) return of(capacity, root.cause);
  const apiError = ecsApiErrorName(root.error, root.cause);
  const apiEntry = apiError === null ? undefined : ecsApiErrors[apiError];
  if (apiEntry !== undefined) return of(apiEntry, null, apiError);
  if (
    /iam:PassRole|not authorized to perform|AccessDenied/i.test(root.cause ?? '') &&
    /^(ECS|AmazonECS)\./.test(error)
  )
    return of(ecsApiErrors.AccessDeniedException as KnowledgeEntry, null, apiError);
  const message = matchMessage(`${error}: ${root.cause ?? ''}`);
  if (message !== null && !message.deferToExitCode) return of(message);
  return of(workflowErrors.unknown);
}

/**
 * A stopped task: the most specific message of its culprit container, its stopped reason, then the
 * other containers; then the stop code, unless the culprit's own exit code (not the SIGTERM/SIGKILL of
 * the stop) says more; then the exit code.
 */
function classifyTask(task: EcsTask, culprit: EcsContainer | null): Classification {
  const texts = [culprit?.reason ?? null, task.stoppedReason, ...task.containers.map((c) => c.reason)];
  for (const text of texts) {
    const entry = matchMessage(text);
    if (entry === null || entry.deferToExitCode) continue;
    // A user stop is the cause only when no container explains the stop by itself.
    if (entry.category === 'stopped_by_user' && hasOwnExit(culprit)) continue;
    return of(entry);
  }
  const byStopCode = task.stopCode === null ? undefined : stopCodes[task.stopCode];
  const code = culprit?.exitCode ?? null;
  // The stop code explains the exit when the container only died of the stop (SIGTERM, SIGKILL) or never ran.
  if (byStopCode && !hasOwnExit(culprit)) return of(byStopCode);
  if (code === null) return of(workflowErrors.unknown);
  return of(exitCodeEntry(code));
}

/** A non-zero exit code that is not just the SIGTERM / SIGKILL of a stopping task. */
function hasOwnExit(container: EcsContainer | null): boolean {
  const code = container?.exitCode ?? null;
  return code !== null && code !== 0 && code !== 137 && code !== 143;
}

/** Exit-code entries a container log line can explain better than the code itself. */
const REFINABLE_BY_LOG = new Set(['exit.application', 'exit.255']);
const execFormat = startErrors.find((entry) => entry.id === 'start.exec-format');

/**
 * The log line that explains an exit better than its code, with the entry it implies: an image built
 * for another architecture exits 1 (or 255) with "exec format error" in its log and nothing in the
 * task ("How do I troubleshoot an exec format error", AWS knowledge center). Null when none does.
 */
export function explainedByLog(
  entry: KnowledgeEntry,
  logLines: readonly string[] | null | undefined,
): { readonly entry: KnowledgeEntry; readonly line: string } | null {
  if (!REFINABLE_BY_LOG.has(entry.id) || execFormat === undefined) return null;
  const line = logLines?.find((l) => execFormat.pattern.test(l));
  return line === undefined ? null : { entry: execFormat, line };
}
