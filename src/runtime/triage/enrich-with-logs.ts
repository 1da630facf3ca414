import type { Diagnosis } from '../../triage/diagnosis.js';
import { awslogsStreamOf } from '../../triage/find-log-stream.js';
import type { LogTailSource, TaskDefinitionSource } from '../../triage/ports.js';
import { regionOfArn } from './aws-client-config.js';
import { describeError } from './describe-error.js';

/**
 * What the log enrichment needs: a task-definition reader and a log reader for a region (the task
 * definition's ARN names its region; the awslogs options name the log's, which may differ).
 */
export interface LogEnrichmentDeps {
  readonly taskDefinitionsIn: (region: string) => TaskDefinitionSource;
  readonly logsIn: (region: string) => LogTailSource;
}

/** The outcome of an enrichment: the lines and their stream, or a note that says why there are none. */
export type LogEnrichment =
  | {
      readonly kind: 'lines';
      readonly lines: readonly string[];
      readonly stream: { readonly group: string; readonly stream: string; readonly region: string | null };
    }
  | { readonly kind: 'none'; readonly note: string };

/**
 * Reads the last lines of the failed container's CloudWatch Logs stream: DescribeTaskDefinition →
 * the container's awslogs options → GetLogEvents. Never throws: when it cannot read them (no task,
 * no awslogs driver, access denied, AWS unreachable) it returns a note for the reader instead, because
 * a diagnosis without logs is still worth sending.
 */
export async function enrichWithLogs(
  diagnosis: Diagnosis,
  deps: LogEnrichmentDeps,
  lines: number,
): Promise<LogEnrichment> {
  const { taskDefinitionArn, container, taskArn, batchJob } = diagnosis.evidence;
  if (lines <= 0) return { kind: 'none', note: 'Log lines not requested.' };
  // An AWS Batch job names its own log stream: no task definition to read.
  if (batchJob?.logStreamName)
    return tailBatchLog(diagnosis, batchJob.logGroup, batchJob.logStreamName, deps, lines);
  if (taskDefinitionArn === null || container === null || taskArn === null)
    return {
      kind: 'none',
      note: 'No ECS container to read logs from (the failure names no task and container).',
    };
  try {
    const region = regionOfArn(taskDefinitionArn);
    if (region === null)
      return { kind: 'none', note: `The task definition ARN ${taskDefinitionArn} names no region.` };
    const definition = await deps.taskDefinitionsIn(region).describe(taskDefinitionArn);
    const where = awslogsStreamOf(definition, container, taskArn);
    if (where === null)
      return {
        kind: 'none',
        note: `Container ${container} does not log with the awslogs driver and a stream prefix, so its CloudWatch Logs stream cannot be named.`,
      };
    const tail = await deps.logsIn(where.region ?? region).tail(where.group, where.stream, lines);
    return {
      kind: 'lines',
      lines: tail,
      stream: { group: where.group, stream: where.stream, region: where.region },
    };
  } catch (error) {
    return { kind: 'none', note: `Could not read the container's log: ${describeError(error)}` };
  }
}

async function tailBatchLog(
  diagnosis: Diagnosis,
  group: string,
  stream: string,
  deps: LogEnrichmentDeps,
  lines: number,
): Promise<LogEnrichment> {
  const { taskArn, executionArn } = diagnosis.evidence;
  const region =
    (taskArn === null ? null : regionOfArn(taskArn)) ??
    (executionArn === null ? null : regionOfArn(executionArn));
  if (region === null) return { kind: 'none', note: 'The Batch job names no region for its log.' };
  try {
    const tail = await deps.logsIn(region).tail(group, stream, lines);
    return { kind: 'lines', lines: tail, stream: { group, stream, region } };
  } catch (error) {
    return { kind: 'none', note: `Could not read the job's log: ${describeError(error)}` };
  }
}
