/** Names shared by the generated history, its task definition and its log stream. */
export const sample = {
  region: 'eu-west-1',
  account: '123456789012',
  stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:nightly-billing',
  executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:nightly-billing:run-2026-11-25',
  clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/batch',
  taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/batch/0f3a7c1e2b9d4e5f8a6b7c8d9e0f1a2b',
  taskId: '0f3a7c1e2b9d4e5f8a6b7c8d9e0f1a2b',
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/billing-export:42',
  container: 'billing-export',
  sidecar: 'log-router',
  logGroup: '/ecs/billing-export',
  logPrefix: 'batch',
} as const;

/** The ECS task a runTask.sync failure carries in its `cause` (PascalCase, epoch-ms, as Step Functions writes it). */
export function stoppedTask(options: { exitCode: number; reason?: string } = { exitCode: 137 }) {
  return {
    Attachments: [],
    AvailabilityZone: 'eu-west-1a',
    ClusterArn: sample.clusterArn,
    Containers: [
      {
        ContainerArn: `arn:aws:ecs:eu-west-1:123456789012:container/batch/${sample.taskId}/1`,
        ExitCode: options.exitCode,
        LastStatus: 'STOPPED',
        Name: sample.container,
        ...(options.reason === undefined ? {} : { Reason: options.reason }),
        TaskArn: sample.taskArn,
      },
      {
        ContainerArn: `arn:aws:ecs:eu-west-1:123456789012:container/batch/${sample.taskId}/2`,
        ExitCode: 0,
        LastStatus: 'STOPPED',
        Name: sample.sidecar,
        TaskArn: sample.taskArn,
      },
    ],
    Cpu: '1024',
    CreatedAt: 1795564800000,
    DesiredStatus: 'STOPPED',
    Group: 'family:billing-export',
    LastStatus: 'STOPPED',
    LaunchType: 'FARGATE',
    Memory: '2048',
    Overrides: {
      ContainerOverrides: [
        { Command: ['node', 'export.js', '--date', '2026-11-24'], Name: sample.container },
      ],
    },
    PlatformVersion: '1.4.0',
    StartedAt: 1795564830000,
    StopCode: 'EssentialContainerExited',
    StoppedAt: 1795565430000,
    StoppedReason: 'Essential container in task exited',
    StoppingAt: 1795565425000,
    TaskArn: sample.taskArn,
    TaskDefinitionArn: sample.taskDefinitionArn,
  };
}

/**
 * A realistic history of `nightly-billing`: `passStates` Pass states, then the ECS task state
 * `ExportInvoices` (runTask.sync) that fails with the given container exit, and ExecutionFailed.
 * Events are in the CLI's shape (camelCase, ISO timestamps).
 */
export function ecsFailureHistory(options: { passStates?: number; exitCode?: number; reason?: string } = {}) {
  const events: Record<string, unknown>[] = [];
  let t = Date.parse('2026-11-25T00:00:00.000Z');
  const push = (type: string, details: Record<string, unknown>, previousEventId: number) => {
    t += 250;
    const id = events.length + 1;
    events.push({ timestamp: new Date(t).toISOString(), type, id, previousEventId, ...details });
    return id;
  };
  let last = push(
    'ExecutionStarted',
    {
      executionStartedEventDetails: {
        input: '{"date":"2026-11-24"}',
        inputDetails: { truncated: false },
        roleArn: 'arn:aws:iam::123456789012:role/nightly-billing',
      },
    },
    0,
  );
  for (let i = 0; i < (options.passStates ?? 0); i++) {
    const name = `Prepare${i}`;
    last = push('PassStateEntered', { stateEnteredEventDetails: { name, input: '{}' } }, last);
    last = push('PassStateExited', { stateExitedEventDetails: { name, output: '{}' } }, last);
  }
  last = push(
    'TaskStateEntered',
    { stateEnteredEventDetails: { name: 'ExportInvoices', input: '{}' } },
    last,
  );
  last = push(
    'TaskScheduled',
    {
      taskScheduledEventDetails: {
        resourceType: 'ecs',
        resource: 'runTask.sync',
        region: sample.region,
        parameters: JSON.stringify({ Cluster: sample.clusterArn, TaskDefinition: sample.taskDefinitionArn }),
      },
    },
    last,
  );
  last = push(
    'TaskStarted',
    { taskStartedEventDetails: { resourceType: 'ecs', resource: 'runTask.sync' } },
    last,
  );
  last = push(
    'TaskSubmitted',
    {
      taskSubmittedEventDetails: {
        resourceType: 'ecs',
        resource: 'runTask.sync',
        output: JSON.stringify({ Tasks: [{ TaskArn: sample.taskArn }] }),
      },
    },
    last,
  );
  const cause = JSON.stringify(
    stoppedTask({
      exitCode: options.exitCode ?? 137,
      ...(options.reason === undefined
        ? { reason: 'OutOfMemoryError: Container killed due to memory usage' }
        : { reason: options.reason }),
    }),
  );
  last = push(
    'TaskFailed',
    {
      taskFailedEventDetails: {
        resourceType: 'ecs',
        resource: 'runTask.sync',
        error: 'States.TaskFailed',
        cause,
      },
    },
    last,
  );
  push('ExecutionFailed', { executionFailedEventDetails: { error: 'States.TaskFailed', cause } }, last);
  return { events };
}

/** The task definition DescribeTaskDefinition returns for the sample, with awslogs on both containers. */
export function sampleTaskDefinition() {
  const logs = (prefix: string) => ({
    logDriver: 'awslogs',
    options: {
      'awslogs-group': sample.logGroup,
      'awslogs-region': sample.region,
      'awslogs-stream-prefix': prefix,
    },
  });
  return {
    taskDefinitionArn: sample.taskDefinitionArn,
    family: 'billing-export',
    revision: 42,
    status: 'ACTIVE',
    containerDefinitions: [
      {
        name: sample.container,
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:1.8.0',
        essential: true,
        logConfiguration: logs(sample.logPrefix),
      },
      {
        name: sample.sidecar,
        image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
        essential: false,
        logConfiguration: logs('router'),
      },
    ],
  };
}

/** The awslogs stream name of the failed container: `<prefix>/<container>/<task id>`. */
export const sampleLogStream = `${sample.logPrefix}/${sample.container}/${sample.taskId}`;
