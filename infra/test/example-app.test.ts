import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CDK_OUT, ensureSynth } from '../../test/aws/support/synth.js';

let template: Template;
beforeAll(async () => {
  const out = await ensureSynth();
  template = Template.fromJSON(JSON.parse(readFileSync(join(out, 'SekishoExample.template.json'), 'utf8')));
}, 600_000);

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
/** Every IAM statement of the policies attached to the role of the function whose logical id starts with `prefix`. */
function statementsOf(prefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => id.startsWith(prefix))
    .flatMap(
      ([, p]) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );
}
const actionsOf = (prefix: string) =>
  statementsOf(prefix)
    .flatMap((s) => [s.Action].flat())
    .sort();

describe('the example app as `npm run synth` writes it (cdk.out)', () => {
  it('maps the verdict stream to the release with partial batch responses, bisect, finite retries, a record age, a filter and an SQS destination', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FileGateVerdicts'), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 21600,
      BatchSize: 10,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FileGateReleaseFailures'), 'Arn'] },
        },
      },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT', 'MODIFY'],
              dynamodb: { NewImage: { verdict: { M: { kind: { S: [{ exists: true }] } } } } },
            }),
          },
        ],
      },
    });
  });

  it('feeds the scan function from the scan queue one message at a time, with partial failures and a concurrency cap', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FileGateScanQueue'), 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 20 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() },
      VisibilityTimeout: 720,
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'quarantine/' }] } },
          }),
        ],
      },
    });
  });

  it('denies reading quarantined objects to every principal but the scanner, and anything without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Sid: 'OnlyTheScannerReadsQuarantine',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Resource: {
              'Fn::Join': [
                '',
                [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^FileGateObjects'), 'Arn'] }, '/quarantine/*'],
              ],
            },
            Condition: {
              ArnNotEquals: {
                'aws:PrincipalArn': [
                  { 'Fn::GetAtt': [Match.stringLikeRegexp('^FileGateScanServiceRole'), 'Arn'] },
                ],
              },
            },
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('gives each function only the actions it uses', () => {
    const scan = actionsOf('FileGateScanServiceRoleDefaultPolicy');
    expect(scan).toEqual(
      expect.arrayContaining([
        'dynamodb:PutItem',
        'dynamodb:GetItem',
        's3:GetObject*',
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
      ]),
    );
    expect(scan).not.toContain('s3:PutObject');
    expect(scan.filter((a) => a.startsWith('s3:'))).not.toContain('s3:DeleteObject*');
    const release = actionsOf('FileGateReleaseServiceRoleDefaultPolicy');
    expect(release).toEqual(
      expect.arrayContaining([
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:DescribeStream',
        'dynamodb:UpdateItem',
        'secretsmanager:GetSecretValue',
        'sqs:SendMessage',
      ]),
    );
    expect(release.some((a) => a.startsWith('s3:'))).toBe(false);
    const triage = actionsOf('TriageServiceRoleDefaultPolicy');
    expect(triage).toEqual(
      expect.arrayContaining([
        'states:DescribeExecution',
        'states:GetExecutionHistory',
        'states:ListExecutions',
        'ecs:DescribeTaskDefinition',
        'logs:GetLogEvents',
      ]),
    );
    expect(triage.some((a) => a.startsWith('dynamodb:') || a.startsWith('s3:'))).toBe(false);
  });

  it('sends failed, timed-out and aborted Step Functions executions to the triage, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
    // And stopped ECS tasks that failed, for tasks no state machine runs.
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ecs'],
        'detail-type': ['ECS Task State Change'],
        detail: Match.objectLike({ lastStatus: ['STOPPED'] }),
      },
    });
  });

  it('encrypts the table with the gate’s key, keeps point-in-time recovery, and retains data on removal', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        BillingMode: 'PAY_PER_REQUEST',
      }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('keeps logs for a month and alarms on iterator age, dead letters, errors, throttles and slow scans', () => {
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 4);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: 60000 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', Threshold: 96000 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 300,
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    for (const alarm of alarms)
      expect((alarm as { Properties: { AlarmActions?: unknown[] } }).Properties.AlarmActions).toHaveLength(1);
  });

  it('passed cdk-nag’s AWS Solutions checks, every acknowledgement with a written reason', () => {
    const report = JSON.parse(readFileSync(join(CDK_OUT, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        pluginName: string;
        conclusion: string;
        violations: unknown[];
        suppressedViolations: { ruleName: string; reason: string }[];
      }[];
    };
    const nag = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(nag?.conclusion).toBe('success');
    expect(nag?.violations).toEqual([]);
    expect(nag?.suppressedViolations.length).toBeGreaterThan(0);
    for (const s of nag?.suppressedViolations ?? []) expect(s.reason.length, s.ruleName).toBeGreaterThan(30);
  });
});
