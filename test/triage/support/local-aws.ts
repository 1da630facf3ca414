import type { AwsJsonServer } from '../../servers/aws-json-server.js';
import { startCloudWatchLogsServer } from '../../servers/cloudwatch-logs-server.js';
import { startEcsServer } from '../../servers/ecs-server.js';
import { type LocalExecution, startSfnServer } from '../../servers/sfn-server.js';
import { ecsFailureHistory, sample, sampleLogStream, sampleTaskDefinition } from './ecs-failure-history.js';

/** Local Step Functions, ECS and CloudWatch Logs, and the environment that points the SDK at them. */
export interface LocalAws {
  readonly sfn: AwsJsonServer;
  readonly ecs: AwsJsonServer;
  readonly logs: AwsJsonServer;
  /** Endpoint overrides and fake credentials, for a CliIo or a Lambda config (never process.env). */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** The failed container's log: 50 lines ending in the out-of-memory kill. */
export const sampleLogLines = [
  ...Array.from(
    { length: 48 },
    (_, i) => `2026-11-25T00:0${Math.floor(i / 10)}:00Z exporting invoice batch ${i + 1}/500`,
  ),
  '2026-11-25T00:09:58Z heap usage 1.94 GiB of 2 GiB',
  '2026-11-25T00:09:59Z FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
];

/** Starts the three services with the sample execution (or the ones given). */
export async function startLocalAws(
  options: {
    readonly executions?: readonly LocalExecution[];
    readonly throttleFirstCallOf?: readonly ('GetExecutionHistory' | 'DescribeExecution')[];
    readonly maxPageSize?: number;
    readonly logLines?: readonly string[] | null;
  } = {},
): Promise<LocalAws> {
  const sfn = await startSfnServer({
    executions: options.executions ?? [
      { ...sample, status: 'FAILED', events: ecsFailureHistory({ passStates: 60 }).events },
    ],
    ...(options.throttleFirstCallOf === undefined
      ? {}
      : { throttleFirstCallOf: options.throttleFirstCallOf }),
    ...(options.maxPageSize === undefined ? {} : { maxPageSize: options.maxPageSize }),
  });
  const ecs = await startEcsServer({ taskDefinitions: [sampleTaskDefinition()] });
  const logs = await startCloudWatchLogsServer({
    streams:
      options.logLines === null
        ? {}
        : { [sample.logGroup]: { [sampleLogStream]: options.logLines ?? sampleLogLines } },
  });
  return {
    sfn,
    ecs,
    logs,
    env: {
      AWS_ENDPOINT_URL_SFN: sfn.url,
      AWS_ENDPOINT_URL_ECS: ecs.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: sample.region,
    },
    close: async () => {
      await Promise.all([sfn.close(), ecs.close(), logs.close()]);
    },
  };
}
