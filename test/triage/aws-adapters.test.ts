import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudWatchLogTailSource } from '../../src/adapters/cloudwatch-logs/cloudwatch-log-tail-source.js';
import { EcsTaskDefinitionSource } from '../../src/adapters/ecs/ecs-task-definition-source.js';
import { readJsonSecret } from '../../src/adapters/secrets-manager/read-json-secret.js';
import { SfnHistorySource } from '../../src/adapters/sfn/sfn-history-source.js';
import { awsClientConfig } from '../../src/runtime/triage/aws-client-config.js';
import { startCloudWatchLogsServer } from '../servers/cloudwatch-logs-server.js';
import { startEcsServer } from '../servers/ecs-server.js';
import type { LocalServer } from '../servers/local-http-server.js';
import { startSecretsManagerServer } from '../servers/secrets-manager-server.js';
import { startSfnServer } from '../servers/sfn-server.js';
import {
  ecsFailureHistory,
  sample,
  sampleLogStream,
  sampleTaskDefinition,
} from './support/ecs-failure-history.js';

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

// Fake credentials handed to each client, never to the process environment.
const env = (url: string) => ({
  AWS_ENDPOINT_URL: url,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
});

describe('SfnHistorySource against a local Step Functions (AWS JSON 1.0)', () => {
  it('reads every page of a history through nextToken and retries a throttled call', async () => {
    const history = ecsFailureHistory({ passStates: 60 });
    const sfn = await startSfnServer({
      executions: [{ ...sample, status: 'FAILED', events: history.events }],
      throttleFirstCallOf: ['GetExecutionHistory'],
      maxPageSize: 50,
    });
    servers.push(sfn);
    const client = new SFNClient(awsClientConfig(env(sfn.url), 'SFN', sample.region));
    const record = await new SfnHistorySource(client).getHistory(sample.executionArn);

    expect(record.events).toHaveLength(history.events.length);
    expect(record.events.map((e) => (e as { id: number }).id)).toEqual(history.events.map((e) => e.id));
    expect(record.execution).toMatchObject({ status: 'FAILED', stateMachineArn: sample.stateMachineArn });
    const pages = sfn.calls.filter((c) => c.operation === 'GetExecutionHistory');
    expect(pages[0]?.answer).toBe(400);
    expect(pages.filter((c) => c.answer === 200).length).toBe(Math.ceil(history.events.length / 50));
    expect(pages.filter((c) => c.answer === 200).length).toBeGreaterThanOrEqual(3);
    expect(pages.every((c) => c.input.maxResults === 1000 && c.input.includeExecutionData === false)).toBe(
      true,
    );
    expect(sfn.requests.every((r) => r.headers['content-type'] === 'application/x-amz-json-1.0')).toBe(true);
  });

  it('reads the redrive status, its reason and count through the SDK, and none when the service sends none', async () => {
    const events = ecsFailureHistory().events;
    const arnOf = (name: string) => sample.executionArn.replace(/[^:]+$/, name);
    const sfn = await startSfnServer({
      executions: [
        {
          ...sample,
          executionArn: arnOf('old'),
          status: 'FAILED',
          events,
          redriveStatus: 'NOT_REDRIVABLE',
          redriveStatusReason: 'Execution redrivable period exceeded',
          redriveCount: 3,
          redriveDate: '2026-11-20T08:00:00Z',
        },
        { ...sample, executionArn: arnOf('fresh'), status: 'FAILED', events, redriveStatus: 'REDRIVABLE' },
        { ...sample, executionArn: arnOf('legacy'), status: 'FAILED', events },
      ],
    });
    servers.push(sfn);
    const source = new SfnHistorySource(new SFNClient(awsClientConfig(env(sfn.url), 'SFN', sample.region)));
    const redriveOf = async (name: string) => (await source.getHistory(arnOf(name))).execution.redrive;

    expect(await redriveOf('old')).toEqual({
      status: 'NOT_REDRIVABLE',
      reason: 'Execution redrivable period exceeded',
      count: 3,
    });
    expect(await redriveOf('fresh')).toEqual({ status: 'REDRIVABLE', reason: null, count: 0 });
    expect(await redriveOf('legacy')).toBeNull();
  });

  it('surfaces ExecutionDoesNotExist by name for an execution the service does not know', async () => {
    const sfn = await startSfnServer({ executions: [] });
    servers.push(sfn);
    const client = new SFNClient(awsClientConfig(env(sfn.url), 'SFN', sample.region));
    await expect(new SfnHistorySource(client).getHistory(sample.executionArn)).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });
});

describe('ECS, CloudWatch Logs and Secrets Manager adapters against local servers (AWS JSON 1.1)', () => {
  it('reads the containers and their awslogs options from DescribeTaskDefinition', async () => {
    const ecs = await startEcsServer({ taskDefinitions: [sampleTaskDefinition()] });
    servers.push(ecs);
    const client = new ECSClient(awsClientConfig(env(ecs.url), 'ECS', sample.region));
    const definition = await new EcsTaskDefinitionSource(client).describe(sample.taskDefinitionArn);
    expect(definition.containerDefinitions[0]).toEqual({
      name: sample.container,
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': sample.logGroup,
          'awslogs-region': sample.region,
          'awslogs-stream-prefix': sample.logPrefix,
        },
      },
    });
  });

  it('returns the newest N log lines, oldest first, with one GetLogEvents call', async () => {
    const messages = Array.from({ length: 100 }, (_, i) => `line ${i + 1}\n`);
    const logs = await startCloudWatchLogsServer({
      streams: { [sample.logGroup]: { [sampleLogStream]: messages } },
    });
    servers.push(logs);
    const client = new CloudWatchLogsClient(awsClientConfig(env(logs.url), 'CLOUDWATCH_LOGS', sample.region));
    const lines = await new CloudWatchLogTailSource(client).tail(sample.logGroup, sampleLogStream, 3);
    expect(lines).toEqual(['line 98', 'line 99', 'line 100']);
    expect(logs.calls).toEqual([
      {
        operation: 'GetLogEvents',
        input: {
          logGroupName: sample.logGroup,
          logStreamName: sampleLogStream,
          startFromHead: false,
          limit: 3,
        },
        answer: 200,
      },
    ]);
  });

  it('reads a JSON secret and rejects one that is not a JSON object', async () => {
    const good = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:triage/slack-AbCdEf';
    const bad = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:triage/plain-GhIjKl';
    const sm = await startSecretsManagerServer({
      secrets: { [good]: '{"SLACK_WEBHOOK_URL":"https://hooks.slack.com/services/T/B/X"}', [bad]: 'hunter2' },
    });
    servers.push(sm);
    const client = new SecretsManagerClient(awsClientConfig(env(sm.url), 'SECRETS_MANAGER', sample.region));
    expect(await readJsonSecret(client, good)).toEqual({
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X',
    });
    await expect(readJsonSecret(client, bad)).rejects.toThrow(/is not JSON/);
  });
});
