import { Arn, ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeLambdaRoles, acknowledgeNag, gateFunction, nagArn } from './gate-function.js';

/** Props of {@link BatchFailureTriage}. */
export interface BatchFailureTriageProps {
  /**
   * The Slack secret: a JSON object with `webhookUrl`, or `botToken` and `channel` (see docs/triage.md).
   */
  readonly slackSecret: secretsmanager.ISecret;
  /** Only these state machines' failures. @default every state machine of the account and region */
  readonly stateMachines?: readonly sfn.IStateMachine[];
  /** Language of the message. @default 'en' */
  readonly lang?: 'en' | 'ja';
  /** Log lines of the failed container to include. @default 20 */
  readonly logLines?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Key for the dead-letter queue. @default SQS-managed encryption */
  readonly encryptionKey?: kms.IKey;
  /**
   * Also triage ECS tasks that stop with a non-zero exit code or fail to start (EventBridge "ECS
   * Task State Change"), for tasks that no state machine runs; `clusters` narrows the rule.
   * @default no ECS task rule
   */
  readonly ecsTaskFailures?: { readonly clusters?: readonly ecs.ICluster[] };
}

/**
 * sekisho's batch triage on AWS: an EventBridge rule for Step Functions executions that end FAILED,
 * TIMED_OUT or ABORTED invokes the triage function, which reads the execution history, diagnoses
 * the ECS failure and posts it to Slack. Events it could not handle after two retries go to a
 * dead-letter queue. The function can also be invoked directly with `{"executionArn": "…"}`.
 */
export class BatchFailureTriage extends Construct {
  readonly function: lambda.Function;
  readonly rule: events.Rule;
  /** The ECS Task State Change rule, when `ecsTaskFailures` is set. */
  readonly taskRule?: events.Rule;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: BatchFailureTriageProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.function = gateFunction(this, 'Triage', {
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(props.vpc === undefined ? {} : { vpc: props.vpc }),
      ...(props.vpcSubnets === undefined ? {} : { vpcSubnets: props.vpcSubnets }),
      bundle: 'triage',
      description: 'sekisho: explains failed Step Functions executions of ECS tasks in Slack',
      memorySize: 512,
      timeout: Duration.seconds(90),
      environment: {
        SLACK_SECRET_ARN: props.slackSecret.secretArn,
        TRIAGE_LANG: props.lang ?? 'en',
        TRIAGE_LOG_LINES: String(props.logLines ?? 20),
      },
    });
    props.slackSecret.grantRead(this.function);
    const machines = props.stateMachines ?? [];
    // An execution ARN is its state machine's with `execution` for `stateMachine`, plus its name.
    const executionResources =
      machines.length === 0
        ? ['execution:*']
        : machines.map(
            (m) => `execution:${Arn.split(m.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName}:*`,
          );
    const executions = executionResources.map(
      (r) => `arn:${stack.partition}:states:${stack.region}:${stack.account}:${r}`,
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
        resources: executions,
      }),
    );
    // "What changed since it last worked": the newest SUCCEEDED execution of the same state machine.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:ListExecutions'],
        resources:
          machines.length === 0
            ? [`arn:${stack.partition}:states:${stack.region}:${stack.account}:stateMachine:*`]
            : machines.map((m) => m.stateMachineArn),
      }),
    );
    // DescribeTaskDefinition supports no resource-level permission; GetLogEvents reads the task's logs.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['logs:GetLogEvents'],
        resources: [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*:log-stream:*`],
      }),
    );
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      ...(props.encryptionKey === undefined
        ? { encryption: sqs.QueueEncryption.SQS_MANAGED }
        : { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.encryptionKey }),
    });
    this.rule = new events.Rule(this, 'FailedExecutions', {
      description: 'Step Functions executions that failed, timed out or were aborted',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          ...(machines.length === 0 ? {} : { stateMachineArn: machines.map((m) => m.stateMachineArn) }),
        },
      },
      targets: [
        new targets.LambdaFunction(this.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
    if (props.ecsTaskFailures !== undefined) {
      const clusters = props.ecsTaskFailures.clusters ?? [];
      this.taskRule = new events.Rule(this, 'FailedTasks', {
        description: 'ECS tasks that stopped with a non-zero exit code or failed to start',
        eventPattern: {
          source: ['aws.ecs'],
          detailType: ['ECS Task State Change'],
          detail: {
            lastStatus: ['STOPPED'],
            $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
            ...(clusters.length === 0 ? {} : { clusterArn: clusters.map((c) => c.clusterArn) }),
          },
        },
        targets: [
          new targets.LambdaFunction(this.function, {
            retryAttempts: 2,
            maxEventAge: Duration.hours(6),
            deadLetterQueue: this.deadLetters,
          }),
        ],
      });
    }
    const ack = (id: string, reason: string) => acknowledgeNag(this, id, reason);
    acknowledgeLambdaRoles(this);
    ack('IAM5[Resource::*]', 'ecs:DescribeTaskDefinition supports no resource-level permissions.');
    // Executions are named at run time: the wildcard covers the executions of the given state
    // machines (or of any, without stateMachines), and the failed container's log streams.
    // (A state machine made in the same stack has a name cdk-nag renders as an intrinsic: acknowledge
    // that finding in your stack.)
    for (const resource of executionResources.filter((r) => !Token.isUnresolved(r)))
      ack(
        `IAM5[Resource::${nagArn(this, 'states', resource)}]`,
        'Executions are named when they start; the triage reads only failed executions of these state machines.',
      );
    if (machines.length === 0)
      ack(
        `IAM5[Resource::${nagArn(this, 'states', 'stateMachine:*')}]`,
        'Without stateMachines, the triage lists the last successful execution of whichever state machine failed.',
      );
    ack(
      `IAM5[Resource::${nagArn(this, 'logs', 'log-group:*:log-stream:*')}]`,
      'The failed container’s log group is known only from its task definition, at run time.',
    );
    ack('SQS3', 'This queue is the dead-letter queue itself.');
  }
}
