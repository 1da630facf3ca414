import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it, vi } from 'vitest';
import { BatchFailureTriage, type BatchFailureTriageProps } from '../lib/batch-failure-triage.js';

vi.setConfig({ testTimeout: 120_000 });

const ACCOUNT = '111111111111';
const REGION = 'ap-northeast-1';

/** One BatchFailureTriage in a fresh app with cdk-nag (synth throws on any unacknowledged finding). */
function synth(props: (stack: Stack) => Omit<BatchFailureTriageProps, 'slackSecret'>) {
  const app = new App();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Test', { env: { account: ACCOUNT, region: REGION } });
  const slackSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'Slack', 'sekisho/slack');
  new BatchFailureTriage(stack, 'Triage', { slackSecret, ...props(stack) });
  app.synth();
  return Template.fromStack(stack);
}

type Statement = { Action: string | string[]; Resource: unknown };
const statements = (template: Template): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );

describe('BatchFailureTriage', () => {
  it('lists executions only of the given state machines, and triages stopped ECS tasks of the given clusters', () => {
    const machine = 'arn:aws:states:ap-northeast-1:111111111111:stateMachine:nightly-batch';
    const cluster = 'arn:aws:ecs:ap-northeast-1:111111111111:cluster/batch';
    const template = synth((stack) => ({
      stateMachines: [sfn.StateMachine.fromStateMachineArn(stack, 'Machine', machine)],
      ecsTaskFailures: {
        clusters: [ecs.Cluster.fromClusterArn(stack, 'Cluster', cluster)],
      },
    }));
    const all = statements(template);
    expect(all.filter((s) => [s.Action].flat().includes('states:ListExecutions'))).toEqual([
      expect.objectContaining({ Action: 'states:ListExecutions', Resource: machine }),
    ]);
    expect(all.find((s) => [s.Action].flat().includes('states:GetExecutionHistory'))?.Resource).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, `:states:${REGION}:${ACCOUNT}:execution:nightly-batch:*`],
      ],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ecs'],
        'detail-type': ['ECS Task State Change'],
        detail: {
          lastStatus: ['STOPPED'],
          $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
          clusterArn: [cluster],
        },
      },
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
  });

  it('without state machines lists executions of any (the failed one is known only at run time), and adds no ECS rule unless asked', () => {
    const template = synth(() => ({}));
    const list = statements(template).filter((s) => [s.Action].flat().includes('states:ListExecutions'));
    expect(list).toEqual([
      expect.objectContaining({
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, `:states:${REGION}:${ACCOUNT}:stateMachine:*`],
          ],
        },
      }),
    ]);
    expect(Object.keys(template.findResources('AWS::Events::Rule'))).toHaveLength(1);
  });
});
