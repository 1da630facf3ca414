/** A container of a stopped ECS task, as the runTask.sync cause describes it. */
export interface EcsContainer {
  readonly name: string | null;
  readonly exitCode: number | null;
  readonly reason: string | null;
  readonly lastStatus: string | null;
  /** The image reference the container ran (or failed to pull). */
  readonly image: string | null;
  /** Only in the task definition, not in the task; null when the cause does not say. */
  readonly essential: boolean | null;
}

/** The ECS task of a failed runTask.sync, read from the cause (PascalCase or camelCase keys). */
export interface EcsTask {
  readonly taskArn: string | null;
  readonly taskDefinitionArn: string | null;
  readonly clusterArn: string | null;
  readonly group: string | null;
  readonly launchType: string | null;
  readonly stopCode: string | null;
  readonly stoppedReason: string | null;
  readonly containers: readonly EcsContainer[];
  /** `Overrides.ContainerOverrides[].Command` by container name. */
  readonly commands: ReadonlyMap<string, readonly string[]>;
  /** The subnet of the task's network interface (awsvpc), from its ElasticNetworkInterface attachment. */
  readonly subnetId: string | null;
  /** Set when the task ran an AWS Batch job (batch:submitJob.sync): the job, its attempts and its log stream. */
  readonly batch: BatchJob | null;
  /** Epoch milliseconds. */
  readonly createdAt: number | null;
  readonly startedAt: number | null;
  readonly stoppingAt: number | null;
  readonly stoppedAt: number | null;
}

/** One `Failures[]` item of a RunTask response. */
export interface RunTaskFailure {
  readonly arn: string | null;
  readonly reason: string | null;
  readonly detail: string | null;
}

/** What a task failure's cause holds. */
export type EcsCause =
  | { readonly kind: 'task'; readonly task: EcsTask }
  | { readonly kind: 'failures'; readonly failures: readonly RunTaskFailure[] }
  | { readonly kind: 'text'; readonly text: string };

/** The AWS Batch job behind a task, as `batch:submitJob.sync` reports it in the failure's cause. */
export interface BatchJob {
  readonly jobName: string | null;
  readonly jobId: string | null;
  readonly jobQueue: string | null;
  readonly jobDefinition: string | null;
  /** How many attempts the job made (its retry strategy's attempts that ran). */
  readonly attempts: number;
  /** The status reason of each attempt that ran, oldest first. */
  readonly attemptReasons: readonly (string | null)[];
  readonly logGroup: string;
  readonly logStreamName: string | null;
}
