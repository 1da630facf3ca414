import type { WhatChanged } from './what-changed.js';

/**
 * The triage's output: why a Step Functions execution failed, in words an SRE paged at 3 a.m. can
 * act on. Pure data; renderers (text, markdown, Slack) and the JSON format read it.
 */
export const categories = [
  'out_of_memory',
  'application_error',
  'command_not_found',
  'segfault',
  'terminated_by_signal',
  'stopped_by_user',
  'image_pull',
  'network',
  'secrets',
  'resource_initialization',
  'task_failed_to_start',
  'capacity',
  'permissions',
  'invalid_parameters',
  'task_timeout',
  'execution_timeout',
  'execution_aborted',
  'spot_interruption',
  'infrastructure',
  'lambda_error',
  'workflow_fail',
  'succeeded',
  'unknown',
] as const;

export type Category = (typeof categories)[number];

export type Lang = 'en' | 'ja';

/** What the diagnosis rests on; every field is null when the history does not say. */
export interface Evidence {
  readonly executionArn: string | null;
  readonly stateMachineArn: string | null;
  /**
   * 'ExecutionFailed' | 'ExecutionTimedOut' | 'ExecutionAborted' | 'ExecutionSucceeded' | 'running', or
   * 'TaskStopped' for a stopped ECS task read without Step Functions (describe-tasks, an EventBridge event).
   */
  readonly executionStatus: string;
  /** How many times the execution was redriven (`redriveCount` of its last ExecutionRedriven event); null when never. */
  readonly redriveCount: number | null;
  readonly failedState: string | null;
  /** e.g. ['Map ProcessFiles', 'iteration 3', 'RunBatch'], the path to the failed state. */
  readonly statePath: readonly string[];
  readonly attempt: number | null;
  readonly attempts: number | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly taskArn: string | null;
  readonly taskDefinitionArn: string | null;
  readonly clusterArn: string | null;
  readonly group: string | null;
  readonly container: string | null;
  readonly exitCode: number | null;
  readonly stopCode: string | null;
  readonly stoppedReason: string | null;
  readonly containerReason: string | null;
  readonly command: readonly string[] | null;
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
  readonly durationSeconds: number | null;
  /** The last lines of the failed container's log, when the enrichment could read them. */
  readonly logLines: readonly string[] | null;
  /** The image of the failed container (from the task or the message). */
  readonly image: string | null;
  /** The subnet of the task's network interface. */
  readonly subnet: string | null;
  /** The AWS Batch job, when the task ran one (batch:submitJob.sync). */
  readonly batchJob: {
    readonly jobName: string | null;
    readonly jobId: string | null;
    readonly jobQueue: string | null;
    readonly jobDefinition: string | null;
    readonly attempts: number;
    /** Where the job's log is: `/aws/batch/job` unless its logConfiguration names another group. */
    readonly logGroup: string;
    readonly logStreamName: string | null;
  } | null;
  /** For a succeeded execution: how many attempts failed on the way (0 when none). */
  readonly failedAttempts: number;
}

export interface Link {
  readonly label: string;
  readonly url: string;
}

/**
 * Whether and how to re-run the failed work: `retry_now` (a transient cause; redrive now), `fix_first`
 * (a re-run repeats the failure until something is changed), `not_needed` (it succeeded) or
 * `investigate` (it was stopped or timed out on purpose, or the cause is unknown: find out before
 * re-running). `command` is the AWS CLI redrive command, null when there is nothing to redrive.
 */
export interface RetryAdvice {
  readonly kind: 'retry_now' | 'fix_first' | 'not_needed' | 'investigate';
  /** Why this kind, in one line ("a timeout to an AWS endpoint is usually a lasting misconfiguration"). */
  readonly reason: string;
  readonly text: string;
  /**
   * The redrive command, or `aws stepfunctions start-execution` when Step Functions says this
   * execution cannot be redriven; null when there is nothing to re-run.
   */
  readonly command: string | null;
  /** What Step Functions said about redriving this execution; null when it was not read live (a history file). */
  readonly redrive: RedriveState | null;
}

/**
 * DescribeExecution's redriveStatus, redriveStatusReason and redriveCount: whether this execution can
 * be redriven now (`REDRIVABLE_BY_MAP_RUN`: a Map Run's child workflow, redriven through its Map Run),
 * why not, and how many times it has been redriven before.
 */
export interface RedriveState {
  readonly status: 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';
  readonly reason: string | null;
  readonly count: number;
}

export type RetryKind = RetryAdvice['kind'];

export interface Diagnosis {
  readonly category: Category;
  /** How the failed task differs from the last successful execution's (live reads only); null when unknown or the same. */
  readonly whatChanged: WhatChanged | null;
  /** The knowledge entry that explains it (`init.unreachable-secrets-manager`): finer than the category. */
  readonly cause: string;
  readonly title: string;
  readonly explanation: string;
  readonly nextSteps: readonly string[];
  readonly evidence: Evidence;
  readonly links: readonly Link[];
  /** How to re-run the failed work once the diagnosis is read (Step Functions redrive). */
  readonly retry: RetryAdvice;
  /** Where the knowledge-base entry that matched comes from (an AWS documentation URL). */
  readonly sources: readonly string[];
  readonly lang: Lang;
}
