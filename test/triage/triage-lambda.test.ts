import { afterEach, describe, expect, it } from 'vitest';
import { buildTriageDeps } from '../../src/runtime/lambda/build-triage-deps.js';
import { loadTriageConfig } from '../../src/runtime/lambda/triage-config.js';
import { handler, makeTriageHandler } from '../../src/runtime/lambda/triage-handler.js';
import { silentLogger } from '../../src/shared/logger.js';
import { startSecretsManagerServer } from '../servers/secrets-manager-server.js';
import { startSlackServer } from '../servers/slack-server.js';
import { ecsFailureHistory, sample } from './support/ecs-failure-history.js';
import { startLocalAws } from './support/local-aws.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function statusChange(status: string, detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '315c1398-40ff-a850-213b-158f73e60175',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: sample.account,
    time: '2026-11-25T00:10:30Z',
    region: sample.region,
    resources: [sample.executionArn],
    detail: {
      executionArn: sample.executionArn,
      stateMachineArn: sample.stateMachineArn,
      name: 'run-2026-11-25',
      status,
      startDate: 1795564800000,
      stopDate: 1795565430000,
      input: '{}',
      output: null,
      ...detail,
    },
  };
}

function triageHandler(env: Record<string, string>) {
  return makeTriageHandler(buildTriageDeps(loadTriageConfig(env), silentLogger));
}

describe('triage Lambda handler against local AWS and Slack servers', () => {
  it('diagnoses an EventBridge FAILED event and posts it to the webhook', async () => {
    const aws = await startLocalAws({ throttleFirstCallOf: ['GetExecutionHistory'], maxPageSize: 40 });
    const slack = await startSlackServer({ rateLimitFirst: 1 });
    servers.push(aws, slack);
    const outcome = await triageHandler({ ...aws.env, SLACK_WEBHOOK_URL: slack.webhookUrl })(
      statusChange('FAILED', { error: 'States.TaskFailed' }),
    );
    expect(outcome).toEqual({
      status: 'posted',
      executionArn: sample.executionArn,
      category: 'out_of_memory',
    });
    expect(slack.answers).toEqual([429, 200]);
    const posted = JSON.stringify(slack.accepted[0]?.blocks);
    expect(posted).toContain('ExportInvoices');
    expect(posted).toContain('JavaScript heap out of memory');
  });

  it('posts a new execution instead of a redrive when Step Functions says NOT_REDRIVABLE', async () => {
    const aws = await startLocalAws({
      executions: [
        {
          ...sample,
          status: 'FAILED',
          events: ecsFailureHistory().events,
          redriveStatus: 'NOT_REDRIVABLE',
          redriveStatusReason: 'Execution redrivable period exceeded',
          redriveCount: 0,
        },
      ],
    });
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(aws, slack);
    const outcome = await triageHandler({ ...aws.env, SLACK_WEBHOOK_URL: slack.webhookUrl })(
      statusChange('FAILED'),
    );
    expect(outcome).toMatchObject({ status: 'posted', category: 'out_of_memory' });
    const posted = JSON.stringify(slack.accepted[0]?.blocks);
    expect(posted).toContain('cannot be redriven (\\"Execution redrivable period exceeded\\")');
    expect(posted).toContain(
      `aws stepfunctions start-execution --state-machine-arn ${sample.stateMachineArn}`,
    );
    expect(posted).not.toContain('redrive-execution');
  });

  it('answers a direct invocation through chat.postMessage with a bot token, in Japanese', async () => {
    const aws = await startLocalAws();
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(aws, slack);
    const outcome = await triageHandler({
      ...aws.env,
      SLACK_BOT_TOKEN: 'xoxb-local-test',
      SLACK_CHANNEL: 'C0BATCH',
      SLACK_API_URL: slack.apiUrl,
      TRIAGE_LANG: 'ja',
    })({ executionArn: sample.executionArn });
    expect(outcome).toMatchObject({ status: 'posted', category: 'out_of_memory' });
    expect(slack.accepted[0]).toMatchObject({ via: 'chat.postMessage', channel: 'C0BATCH' });
    expect(slack.accepted[0]?.text).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
  });

  it('stays within Block Kit limits with 200 log lines of 2,000 characters', async () => {
    const long = Array.from({ length: 200 }, (_, i) => `${String(i).padStart(3, '0')} ${'x'.repeat(2000)}`);
    const aws = await startLocalAws({ logLines: long });
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(aws, slack);
    const outcome = await triageHandler({
      ...aws.env,
      SLACK_WEBHOOK_URL: slack.webhookUrl,
      TRIAGE_LOG_LINES: '200',
    })(statusChange('FAILED'));
    expect(outcome).toMatchObject({ status: 'posted' });
    // The local Slack rejects (400 invalid_blocks) anything over the limits, so acceptance is the proof.
    expect(slack.answers).toEqual([200]);
    expect(JSON.stringify(slack.accepted[0]?.blocks)).toContain('199 xxx');
  });

  it('skips an execution that succeeded without posting', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(slack);
    const outcome = await triageHandler({ AWS_REGION: sample.region, SLACK_WEBHOOK_URL: slack.webhookUrl })(
      statusChange('SUCCEEDED'),
    );
    expect(outcome).toMatchObject({ status: 'skipped' });
    expect(slack.requests).toHaveLength(0);
  });

  it('posts the raw failure and why when the history cannot be diagnosed', async () => {
    const broken = ecsFailureHistory().events.map(({ type: _type, ...rest }) => rest);
    const aws = await startLocalAws({
      executions: [
        { ...sample, status: 'FAILED', events: broken, error: 'States.TaskFailed', cause: 'raw cause' },
      ],
    });
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(aws, slack);
    const outcome = await triageHandler({ ...aws.env, SLACK_WEBHOOK_URL: slack.webhookUrl })(
      statusChange('FAILED', { error: 'States.TaskFailed', cause: 'Essential container in task exited' }),
    );
    expect(outcome).toMatchObject({ status: 'posted_undiagnosed', executionArn: sample.executionArn });
    expect(slack.accepted).toHaveLength(1);
    const posted = JSON.stringify(slack.accepted[0]);
    expect(posted).toContain(sample.executionArn);
    expect(posted).toContain('States.TaskFailed');
    expect(posted).toContain('Essential container in task exited');
  });

  it('posts the raw failure when Step Functions cannot be reached', async () => {
    const aws = await startLocalAws();
    await aws.close();
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(slack);
    const outcome = await triageHandler({ ...aws.env, SLACK_WEBHOOK_URL: slack.webhookUrl })(
      statusChange('TIMED_OUT', { error: 'States.Timeout' }),
    );
    expect(outcome).toMatchObject({ status: 'posted_undiagnosed' });
    expect(JSON.stringify(slack.accepted[0])).toContain('States.Timeout');
  });

  it('reads the Slack target from Secrets Manager', async () => {
    const aws = await startLocalAws();
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:triage/slack-AbCdEf';
    const secrets = await startSecretsManagerServer({
      secrets: { [secretArn]: JSON.stringify({ SLACK_WEBHOOK_URL: slack.webhookUrl }) },
    });
    servers.push(aws, slack, secrets);
    const run = triageHandler({
      ...aws.env,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      SLACK_SECRET_ARN: secretArn,
    });
    await run({ executionArn: sample.executionArn });
    await run({ executionArn: sample.executionArn });
    expect(slack.accepted).toHaveLength(2);
    // Read once per container, not once per event.
    expect(secrets.calls).toHaveLength(1);
  });

  it('falls back to the raw failure when Slack refuses the diagnosis message', async () => {
    const aws = await startLocalAws();
    const slack = await startSlackServer({ rateLimitFirst: 0, refuseFirst: 1 });
    servers.push(aws, slack);
    const outcome = await triageHandler({ ...aws.env, SLACK_WEBHOOK_URL: slack.webhookUrl })(
      statusChange('FAILED', { error: 'States.TaskFailed', cause: 'Essential container in task exited' }),
    );
    expect(outcome).toMatchObject({ status: 'posted_undiagnosed' });
    expect(slack.answers).toEqual([400, 200]);
    const posted = JSON.stringify(slack.accepted[0]);
    expect(posted).toContain('States.TaskFailed');
    expect(posted).toContain('invalid_payload');
  });

  it('throws when Slack refuses the message, so that Lambda retries the event', async () => {
    const aws = await startLocalAws();
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(aws, slack);
    const run = triageHandler({ ...aws.env, SLACK_WEBHOOK_URL: `${slack.url}/services/revoked` });
    await expect(run({ executionArn: sample.executionArn })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('throws when the secret names no Slack target, naming the key', async () => {
    const aws = await startLocalAws();
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:triage/empty-AbCdEf';
    const secrets = await startSecretsManagerServer({ secrets: { [secretArn]: '{"SLACK_CHANNEL":"C1"}' } });
    servers.push(aws, secrets);
    const run = triageHandler({
      ...aws.env,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      SLACK_SECRET_ARN: secretArn,
    });
    await expect(run({ executionArn: sample.executionArn })).rejects.toThrow(
      /key SLACK_WEBHOOK_URL is required/,
    );
  });

  it('imports without configuration and fails an invocation naming the missing variable', async () => {
    // The test process has no Slack configuration, so the lazily built handler must say what is missing.
    await expect(handler({ executionArn: sample.executionArn })).rejects.toThrow(
      /SLACK_WEBHOOK_URL is required/,
    );
  });
});
