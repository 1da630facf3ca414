import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { CloudWatchLogTailSource } from '../../adapters/cloudwatch-logs/cloudwatch-log-tail-source.js';
import { EcsTaskDefinitionSource } from '../../adapters/ecs/ecs-task-definition-source.js';
import { SfnHistorySource } from '../../adapters/sfn/sfn-history-source.js';
import type { ExecutionHistorySource } from '../../triage/ports.js';
import { awsClientConfig } from './aws-client-config.js';
import type { LogEnrichmentDeps } from './enrich-with-logs.js';

type Env = Readonly<Record<string, string | undefined>>;

/** One value per region (a client, an adapter), made on first use. */
export function perRegion<T>(make: (region: string) => T): (region: string) => T {
  const made = new Map<string, T>();
  return (region) => {
    let value = made.get(region);
    if (value === undefined) {
      value = make(region);
      made.set(region, value);
    }
    return value;
  };
}

/** Step Functions for one region, from an explicit environment (see {@link awsClientConfig}). */
export function buildHistorySource(env: Env, region: string): ExecutionHistorySource {
  return new SfnHistorySource(new SFNClient(awsClientConfig(env, 'SFN', region)));
}

/**
 * The ECS and CloudWatch Logs readers of the log enrichment, with clients made per region on first
 * use: the task's region comes from its ARN, the log's from its awslogs options.
 */
export function buildLogEnrichment(env: Env): LogEnrichmentDeps {
  return {
    taskDefinitionsIn: perRegion(
      (region) => new EcsTaskDefinitionSource(new ECSClient(awsClientConfig(env, 'ECS', region))),
    ),
    logsIn: perRegion(
      (region) =>
        new CloudWatchLogTailSource(
          new CloudWatchLogsClient(awsClientConfig(env, 'CLOUDWATCH_LOGS', region)),
        ),
    ),
  };
}
