import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it, vi } from 'vitest';
import { FileGate, type FileGateProps } from '../lib/file-gate.js';

/**
 * Synthesises one FileGate in a fresh app with cdk-nag (the functions use dist/lambda's bundles,
 * built by `npm run build`): these tests look at the template, and synth throws if cdk-nag finds anything.
 */
function synth(props: Partial<FileGateProps> = {}, prepare?: (stack: Stack) => Partial<FileGateProps>) {
  const app = new App();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'ap-northeast-1' } });
  const extra = prepare?.(stack) ?? {};
  new FileGate(stack, 'Gate', {
    webhookUrl: 'https://app.example.com/api/webhooks/verdicts',
    ...props,
    ...extra,
  });
  app.synth();
  return Template.fromStack(stack);
}

// Each test synthesises a whole app (with cdk-nag); on a loaded 2-core machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

describe('FileGate props', () => {
  it('uses a bucket, table and VPC brought by the team, creating neither bucket nor table', () => {
    const template = synth({}, (stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 1 });
      Validations.of(vpc).acknowledge({
        id: 'AwsSolutions::AwsSolutions-VPC7',
        reason: 'A test VPC, never deployed: no flow logs needed.',
      });
      return {
        vpc,
        bucket: s3.Bucket.fromBucketName(stack, 'Theirs', 'their-uploads'),
        table: dynamodb.Table.fromTableAttributes(stack, 'TheirTable', {
          tableName: 'their-verdicts',
          tableStreamArn:
            'arn:aws:dynamodb:ap-northeast-1:111111111111:table/their-verdicts/stream/2026-01-01T00:00:00.000',
        }),
      };
    });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
      Environment: {
        Variables: Match.objectLike({
          SEKISHO_BUCKET: 'their-uploads',
          SEKISHO_VERDICT_TABLE: 'their-verdicts',
        }),
      },
    });
  });

  it('lets the web app’s role read quarantine beside the scanner, and takes the release settings', () => {
    const template = synth(
      { release: { batchSize: 50, retryAttempts: 2, maxRecordAge: Duration.minutes(30) } },
      (stack) => ({
        quarantineReaders: [
          new iam.Role(stack, 'WebApp', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }),
        ],
      }),
    );
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'OnlyTheScannerReadsQuarantine',
            Condition: {
              ArnNotEquals: {
                'aws:PrincipalArn': [
                  { 'Fn::GetAtt': [Match.stringLikeRegexp('^GateScanServiceRole'), 'Arn'] },
                  { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebApp'), 'Arn'] },
                ],
              },
            },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 50,
      MaximumRetryAttempts: 2,
      MaximumRecordAgeInSeconds: 1800,
    });
  });

  it('with GuardDuty, protects the quarantine prefix and starts scans from its results instead of S3 events', () => {
    const template = synth({ engines: ['builtin', 'guardduty'] });
    template.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { ObjectPrefixes: ['quarantine/'] } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({ Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' } }),
        ],
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Malware Protection Object Scan Result'],
        detail: {
          s3ObjectDetails: { bucketName: [Match.anyValue()], objectKey: [{ prefix: 'quarantine/' }] },
        },
      },
    });
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'sekisho',
      MetricName: 'GuardDutyFailures',
      Dimensions: [{ Name: 'Bucket', Value: { Ref: Match.stringLikeRegexp('^GateObjects') } }],
      Statistic: 'Sum',
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SEKISHO_ENGINES: 'builtin,guardduty' }) },
    });
  });

  it('with clamd, runs the scan as a container image whose clamd stays warm, with room in /tmp', () => {
    const template = synth({ engines: ['builtin', 'clamd'] });
    template.hasResourceProperties('AWS::Lambda::Function', {
      PackageType: 'Image',
      MemorySize: 3008,
      EphemeralStorage: { Size: 2048 },
      Environment: {
        Variables: Match.objectLike({
          SEKISHO_ENGINES: 'builtin,clamd',
          SEKISHO_CLAMD: 'unix:/tmp/clamd.sock',
          SEKISHO_CLAMD_CONFIG: '/etc/clamav/clamd.conf',
          SEKISHO_DEFINITIONS_BUCKET: { Ref: Match.stringLikeRegexp('^GateDefinitions') },
          SEKISHO_DEFINITIONS_PREFIX: 'clamav/',
        }),
      },
    });
    // The refresh: the same image with freshclam's entry, on a schedule, alone.
    const refresh = template.findResources('AWS::Lambda::Function', {
      Properties: { ImageConfig: { Command: ['refresh.handler'] } },
    });
    expect(Object.keys(refresh)).toHaveLength(1);
    const [refreshId] = Object.keys(refresh);
    expect(refresh[refreshId as string]?.Properties.ReservedConcurrentExecutions).toBe(1);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(3 hours)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [refreshId, 'Arn'] } })],
    });
    // Definitions older than two days, or no report in six hours, alarm.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'sekisho',
      MetricName: 'DefinitionsAgeSeconds',
      Dimensions: [{ Name: 'DefinitionsBucket', Value: { Ref: Match.stringLikeRegexp('^GateDefinitions') } }],
      Statistic: 'Maximum',
      Period: 21_600,
      Threshold: 172_800,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'breaching',
    });
    // No GuardDuty here, so no alarm on its failures.
    const guardDutyAlarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'GuardDutyFailures' },
    });
    expect(Object.keys(guardDutyAlarms)).toHaveLength(0);
  });

  it('refuses nothing silently: an imported table without its stream cannot drive the release', () => {
    expect(() =>
      synth({}, (stack) => ({ table: dynamodb.Table.fromTableName(stack, 'NoStream', 'their-verdicts') })),
    ).toThrow(/stream/i);
  });
});
