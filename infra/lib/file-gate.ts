import { Duration, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { GateAlarms } from './gate-alarms.js';
import {
  acknowledgeLambdaRoles,
  acknowledgeNag,
  type FunctionDefaults,
  gateFunction,
  LAMBDA_DIR,
  lambdaBundle,
  nagArn,
} from './gate-function.js';

/** A scanning engine of the gate. Every engine listed must find a file clean for it to be clean. */
export type FileGateEngine = 'builtin' | 'clamd' | 'guardduty';

/** Settings of the release's DynamoDB Streams event source mapping. */
export interface FileGateReleaseSettings {
  /** Records per invocation. @default 10 */
  readonly batchSize?: number;
  /** Retries of a failed batch before it goes to the failure queue (never -1: one bad record would block its shard for 24 h). @default 5 */
  readonly retryAttempts?: number;
  /** Records older than this go to the failure queue instead of the web app. @default Duration.hours(6) */
  readonly maxRecordAge?: Duration;
  /** Concurrent batches per shard; records of one file stay in order either way. @default 1 */
  readonly parallelizationFactor?: number;
}

/** Props of {@link FileGate}. Everything but `webhookUrl` has a safe default. */
export interface FileGateProps {
  /** The web app's receiver, `https://…/api/webhooks/verdicts`. */
  readonly webhookUrl: string;
  /**
   * The Secrets Manager secret holding the webhook secrets as a plain string, comma-separated, the
   * first one signing (`sekisho` rotation: "new,old", then "new").
   * @default a new secret with a generated value, encrypted with the gate's key
   */
  readonly webhookSecret?: secretsmanager.ISecret;
  /** The bucket for uploads. @default a new bucket: KMS, versioned, TLS only, no public access */
  readonly bucket?: s3.IBucket;
  /** Where quarantined objects live in the bucket. @default 'quarantine/' */
  readonly quarantinePrefix?: string;
  /**
   * The verdict table: partition key `fileId` (string), stream NEW_AND_OLD_IMAGES (an imported
   * table must be imported with its `tableStreamArn`).
   * @default a new on-demand table with point-in-time recovery, encrypted with the gate's key
   */
  readonly table?: dynamodb.ITable;
  /** The key for the bucket, table, queues and secret the construct creates. @default a new key with yearly rotation */
  readonly encryptionKey?: kms.IKey;
  /** Run the functions in this VPC (private subnets with egress). @default no VPC */
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** The engines. @default ['builtin'] */
  readonly engines?: readonly FileGateEngine[];
  /**
   * Principals besides the scanner that may read quarantined objects (the web app's role: it
   * re-hashes and serves published files). Everyone else is denied by the bucket policy.
   * @default none
   */
  readonly quarantineReaders?: readonly iam.IRole[];
  /** Release settings. @default see FileGateReleaseSettings */
  readonly release?: FileGateReleaseSettings;
  /** Scan function memory (MB); the built-in engine and clamd both want CPU, which grows with it. @default 1769 (one full vCPU) */
  readonly scanMemorySize?: number;
  /** Scan function timeout. @default Duration.minutes(2) */
  readonly scanTimeout?: Duration;
  /** Caps concurrent scans (a burst waits in the queue instead). @default 20 */
  readonly scanMaxConcurrency?: number;
  /** How often verdicts whose release never arrived are re-applied. @default Duration.minutes(15) */
  readonly reconcileEvery?: Duration;
  /** Log retention of every function. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the bucket, table, key and logs when the construct is removed. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Where alarms notify. @default a new SNS topic (`alarmTopic`) */
  readonly alarmTopic?: sns.ITopic;
  /** Bucket for S3 server access logs of a created bucket. @default none (CloudTrail data events are the alternative) */
  readonly accessLogsBucket?: s3.IBucket;
  /** With the clamd engine: how often freshclam refreshes the definitions bucket (ClamAV asks for at most hourly). @default Duration.hours(3) */
  readonly definitionsRefreshEvery?: Duration;
  /** With the clamd engine: the definitions-age alarm's threshold. @default Duration.days(2) */
  readonly definitionsMaxAge?: Duration;
}

/** Key prefix of ClamAV's definitions in the definitions bucket. */
const DEFINITIONS_PREFIX = 'clamav/';

/** The clamd image, built at deploy from the bundles in dist/lambda (synth only copies them). */
function clamdImage(cmd?: string[]): lambda.DockerImageCode {
  lambdaBundle('clamd.Dockerfile');
  return lambda.DockerImageCode.fromImageAsset(LAMBDA_DIR, {
    file: 'clamd.Dockerfile',
    ...(cmd === undefined ? {} : { cmd }),
  });
}

/**
 * sekisho's file gate on AWS: uploads land in a quarantine prefix; each ObjectCreated event goes to
 * a queue (a burst waits rather than times out) and the scan function writes a verdict version to
 * the verdict table; the table's stream drives the release function, which calls the web app's
 * receiver with a signed webhook. Dead letters of both sides land in queues, a scheduled
 * reconciliation re-applies verdicts whose release never arrived, and alarms watch every step.
 */
export class FileGate extends Construct {
  readonly bucket: s3.IBucket;
  readonly table: dynamodb.ITable;
  readonly key: kms.IKey;
  readonly webhookSecret: secretsmanager.ISecret;
  readonly scanQueue: sqs.Queue;
  readonly scanDeadLetters: sqs.Queue;
  /** The release's on-failure destination: batch metadata (shard, sequence range), not the records. */
  readonly releaseFailures: sqs.Queue;
  readonly scanFunction: lambda.IFunction;
  readonly releaseFunction: lambda.Function;
  readonly reconcileFunction: lambda.Function;
  readonly alarms: GateAlarms;
  readonly quarantinePrefix: string;
  /** With the clamd engine: where the refresh keeps ClamAV's definitions and scan containers load them. */
  readonly definitionsBucket?: s3.Bucket;
  /** With the clamd engine: the scheduled freshclam run (the clamd image, CMD refresh.handler). */
  readonly definitionsRefreshFunction?: lambda.DockerImageFunction;
  /**
   * The statement that denies reading quarantined objects to everyone but the scanner and the
   * `quarantineReaders`. Added to a created bucket's policy; add it yourself to an imported one.
   */
  readonly quarantineReadDeny: iam.PolicyStatement;

  constructor(scope: Construct, id: string, props: FileGateProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const engines = props.engines ?? ['builtin'];
    const prefix = props.quarantinePrefix ?? 'quarantine/';
    this.quarantinePrefix = prefix;
    const defaults: FunctionDefaults = {
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy,
      ...(props.vpc === undefined ? {} : { vpc: props.vpc }),
      ...(props.vpcSubnets === undefined ? {} : { vpcSubnets: props.vpcSubnets }),
    };

    this.key =
      props.encryptionKey ??
      new kms.Key(this, 'Key', { enableKeyRotation: true, removalPolicy, description: 'sekisho file gate' });
    this.bucket = props.bucket ?? this.createBucket(props, removalPolicy);
    this.table =
      props.table ??
      new dynamodb.Table(this, 'Verdicts', {
        partitionKey: { name: 'fileId', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        removalPolicy,
      });
    this.webhookSecret =
      props.webhookSecret ??
      new secretsmanager.Secret(this, 'WebhookSecret', {
        description: 'sekisho webhook secrets, comma-separated; the first signs',
        encryptionKey: this.key,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
        removalPolicy,
      });

    // The scan side: S3 (or GuardDuty) → queue → scan function → verdict table.
    const scanTimeout = props.scanTimeout ?? Duration.minutes(2);
    this.scanDeadLetters = this.queue('ScanDeadLetters', Duration.days(14));
    this.scanQueue = new sqs.Queue(this, 'ScanQueue', {
      // SSE-SQS: S3 can deliver to it without a key policy naming the bucket (which would make the
      // bucket and the key depend on each other), and messages carry only object keys.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS advises six times the function timeout, so a message is not received twice while scanned.
      visibilityTimeout: Duration.seconds(scanTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.scanDeadLetters, maxReceiveCount: 3 },
    });
    const scanEnvironment = {
      SEKISHO_VERDICT_TABLE: this.table.tableName,
      SEKISHO_BUCKET: this.bucket.bucketName,
      SEKISHO_QUARANTINE_PREFIX: prefix,
      SEKISHO_ENGINES: engines.join(','),
      SEKISHO_SCAN_TIMEOUT_MS: String(Math.floor(scanTimeout.toMilliseconds() * 0.8)),
    };
    if (engines.includes('clamd')) {
      this.definitionsBucket = this.createDefinitionsBucket(props, removalPolicy);
      this.definitionsRefreshFunction = this.definitionsRefresh(
        defaults,
        this.definitionsBucket,
        props.definitionsRefreshEvery ?? Duration.hours(3),
      );
    }
    const scanFunction = this.definitionsBucket
      ? this.clamdScanFunction(defaults, scanTimeout, props.scanMemorySize ?? 3008, {
          ...scanEnvironment,
          SEKISHO_DEFINITIONS_BUCKET: this.definitionsBucket.bucketName,
          SEKISHO_DEFINITIONS_PREFIX: DEFINITIONS_PREFIX,
        })
      : gateFunction(this, 'Scan', {
          ...defaults,
          bundle: 'scan',
          description: 'sekisho: scans quarantined uploads and writes their verdicts',
          memorySize: props.scanMemorySize ?? 1769,
          timeout: scanTimeout,
          environment: scanEnvironment,
        });
    this.scanFunction = scanFunction;
    scanFunction.addEventSource(
      new SqsEventSource(this.scanQueue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: props.scanMaxConcurrency ?? 20,
      }),
    );
    this.bucket.grantRead(scanFunction, `${prefix}*`);
    this.table.grantReadWriteData(scanFunction);
    this.definitionsBucket?.grantRead(scanFunction, `${DEFINITIONS_PREFIX}*`);

    if (engines.includes('guardduty')) this.guardDuty(prefix);
    else {
      this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.scanQueue), {
        prefix,
      });
      // CDK puts the handler that writes the notification configuration at the stack's top level.
      for (const child of Stack.of(this).node.children)
        if (child.node.id.startsWith('BucketNotificationsHandler'))
          Validations.of(child).acknowledge({
            id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
            reason:
              'CDK’s bucket-notification handler writes only its own logs with the basic execution role.',
          });
    }

    // The release side: the table's stream → release function → the web app.
    const release = props.release ?? {};
    this.releaseFailures = this.queue('ReleaseFailures', Duration.days(14));
    const releaseEnvironment = {
      SEKISHO_WEBHOOK_URL: props.webhookUrl,
      SEKISHO_WEBHOOK_SECRET_ARN: this.webhookSecret.secretArn,
      SEKISHO_VERDICT_TABLE: this.table.tableName,
    };
    this.releaseFunction = gateFunction(this, 'Release', {
      ...defaults,
      bundle: 'release',
      description: 'sekisho: calls the web app for each verdict on the table stream',
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment: releaseEnvironment,
    });
    this.releaseFunction.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: release.batchSize ?? 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: release.retryAttempts ?? 5,
        maxRecordAge: release.maxRecordAge ?? Duration.hours(6),
        parallelizationFactor: release.parallelizationFactor ?? 1,
        onFailure: new SqsDlq(this.releaseFailures),
        // Only verdict items: release receipts and deletions are not sent (and cost no invocation).
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { verdict: { M: { kind: { S: lambda.FilterRule.exists() } } } } },
          }),
        ],
      }),
    );
    this.webhookSecret.grantRead(this.releaseFunction);
    this.table.grantReadWriteData(this.releaseFunction);

    this.reconcileFunction = gateFunction(this, 'Reconcile', {
      ...defaults,
      bundle: 'reconcile',
      description: 'sekisho: re-applies verdicts whose release never arrived',
      memorySize: 256,
      timeout: Duration.minutes(5),
      environment: releaseEnvironment,
    });
    this.webhookSecret.grantRead(this.reconcileFunction);
    this.table.grantReadWriteData(this.reconcileFunction);
    new events.Rule(this, 'ReconcileSchedule', {
      schedule: events.Schedule.rate(props.reconcileEvery ?? Duration.minutes(15)),
      targets: [new targets.LambdaFunction(this.reconcileFunction, { retryAttempts: 0 })],
    });

    const readers = [scanFunction.role, ...(props.quarantineReaders ?? [])].filter(
      (r): r is iam.IRole => r !== undefined,
    );
    this.quarantineReadDeny = new iam.PolicyStatement({
      sid: 'OnlyTheScannerReadsQuarantine',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [this.bucket.arnForObjects(`${prefix}*`)],
      conditions: {
        ArnNotEquals: {
          'aws:PrincipalArn': [
            ...readers.map((r) => r.roleArn),
            ...(engines.includes('guardduty') ? [this.guardDutyRoleArn()] : []),
          ],
        },
      },
    });
    if (props.bucket === undefined) this.bucket.addToResourcePolicy(this.quarantineReadDeny);

    this.alarms = new GateAlarms(this, 'Alarms', {
      ...(props.alarmTopic === undefined ? {} : { topic: props.alarmTopic }),
      key: this.key,
      functions: [scanFunction, this.releaseFunction, this.reconcileFunction],
      releaseFunction: this.releaseFunction,
      scanFunction,
      scanTimeout,
      queues: [this.scanDeadLetters, this.releaseFailures],
      scanQueue: this.scanQueue,
      ...(this.definitionsBucket === undefined
        ? {}
        : {
            definitions: {
              bucketName: this.definitionsBucket.bucketName,
              maxAge: props.definitionsMaxAge ?? Duration.days(2),
            },
          }),
      ...(engines.includes('guardduty') ? { guardDutyBucketName: this.bucket.bucketName } : {}),
    });
    this.acknowledge();
  }

  private createBucket(props: FileGateProps, removalPolicy: RemovalPolicy): s3.Bucket {
    return this.privateBucket('Objects', props, removalPolicy, 'sekisho/', [
      { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      // Staged uploads are copied into quarantine at once; a leftover is a crashed upload.
      { prefix: 'incoming/', expiration: Duration.days(1) },
      // A replaced or deleted object's old bytes are not kept for long.
      { noncurrentVersionExpiration: Duration.days(7) },
    ]);
  }

  /** A bucket encrypted with the construct's key, private, TLS-only and versioned; logged when asked. */
  private privateBucket(
    id: string,
    props: FileGateProps,
    removalPolicy: RemovalPolicy,
    accessLogsPrefix: string,
    lifecycleRules: s3.LifecycleRule[],
  ): s3.Bucket {
    return new s3.Bucket(this, id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      removalPolicy,
      ...(props.accessLogsBucket === undefined
        ? {}
        : { serverAccessLogsBucket: props.accessLogsBucket, serverAccessLogsPrefix: accessLogsPrefix }),
      lifecycleRules,
    });
  }

  private queue(id: string, retention: Duration): sqs.Queue {
    return new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: retention,
    });
  }

  private clamdScanFunction(
    defaults: FunctionDefaults,
    timeout: Duration,
    memorySize: number,
    environment: Record<string, string>,
  ): lambda.DockerImageFunction {
    const logGroup = new logs.LogGroup(this, 'ScanLogs', {
      retention: defaults.logRetention,
      removalPolicy: defaults.removalPolicy,
    });
    return new lambda.DockerImageFunction(this, 'Scan', {
      description: 'sekisho: scans quarantined uploads with the built-in engine and a warm clamd',
      // Built at deploy time from the repository; synth only copies the context.
      code: clamdImage(),
      architecture: lambda.Architecture.X86_64,
      memorySize,
      timeout,
      // Lambda's /tmp: the spooled object and clamd's database and temporary files.
      ephemeralStorageSize: Size.mebibytes(2048),
      logGroup,
      ...(defaults.vpc === undefined ? {} : { vpc: defaults.vpc, vpcSubnets: defaults.vpcSubnets }),
      environment: {
        ...environment,
        SEKISHO_CLAMD: 'unix:/tmp/clamd.sock',
        SEKISHO_CLAMD_CONFIG: '/etc/clamav/clamd.conf',
      },
    });
  }

  private createDefinitionsBucket(props: FileGateProps, removalPolicy: RemovalPolicy): s3.Bucket {
    // Each refresh replaces changed files; their old versions are kept a little for a rollback.
    const bucket = this.privateBucket('Definitions', props, removalPolicy, 'sekisho-definitions/', [
      { noncurrentVersionExpiration: Duration.days(3) },
    ]);
    if (props.accessLogsBucket === undefined)
      acknowledgeNag(
        bucket,
        'S1',
        'Holds only ClamAV’s public signature databases, written by the refresh function; pass accessLogsBucket to log access.',
      );
    return bucket;
  }

  /** freshclam on a schedule, in the clamd image, writing the definitions bucket. */
  private definitionsRefresh(
    defaults: FunctionDefaults,
    bucket: s3.Bucket,
    every: Duration,
  ): lambda.DockerImageFunction {
    const logGroup = new logs.LogGroup(this, 'DefinitionsRefreshLogs', {
      retention: defaults.logRetention,
      removalPolicy: defaults.removalPolicy,
    });
    const fn = new lambda.DockerImageFunction(this, 'DefinitionsRefresh', {
      description: 'sekisho: refreshes ClamAV definitions (freshclam) into the definitions bucket',
      code: clamdImage(['refresh.handler']),
      architecture: lambda.Architecture.X86_64,
      memorySize: 1024,
      timeout: Duration.minutes(10),
      // One refresh at a time: two would race on the manifest.
      reservedConcurrentExecutions: 1,
      ephemeralStorageSize: Size.mebibytes(2048),
      logGroup,
      // freshclam needs ClamAV's mirrors: in a VPC, the subnets need egress (NAT).
      ...(defaults.vpc === undefined ? {} : { vpc: defaults.vpc, vpcSubnets: defaults.vpcSubnets }),
      environment: {
        SEKISHO_DEFINITIONS_BUCKET: bucket.bucketName,
        SEKISHO_DEFINITIONS_PREFIX: DEFINITIONS_PREFIX,
      },
    });
    bucket.grantReadWrite(fn, `${DEFINITIONS_PREFIX}*`);
    bucket.grantDelete(fn, `${DEFINITIONS_PREFIX}*`);
    new events.Rule(this, 'DefinitionsRefreshSchedule', {
      description: 'sekisho: freshclam into the definitions bucket',
      schedule: events.Schedule.rate(every),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 1 })],
    });
    return fn;
  }

  private guardDutyRole?: iam.Role;

  private guardDutyRoleArn(): string {
    return this.guardDutyRole?.roleArn ?? '';
  }

  /** GuardDuty Malware Protection for S3 on the quarantine prefix; its results start the scans. */
  private guardDuty(prefix: string) {
    const role = new iam.Role(this, 'GuardDutyRole', {
      assumedBy: new iam.ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'GuardDuty Malware Protection for S3 on the sekisho quarantine',
    });
    this.guardDutyRole = role;
    this.bucket.grantRead(role, `${prefix}*`);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          's3:PutObjectTagging',
          's3:GetObjectTagging',
          's3:PutObjectVersionTagging',
          's3:GetObjectVersionTagging',
        ],
        resources: [this.bucket.arnForObjects(`${prefix}*`)],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          's3:GetBucketNotification',
          's3:PutBucketNotification',
          's3:GetBucketLocation',
          's3:ListBucket',
        ],
        resources: [this.bucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
        resources: [
          `arn:${Stack.of(this).partition}:events:${Stack.of(this).region}:${Stack.of(this).account}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`,
        ],
      }),
    );
    this.key.grantDecrypt(role);
    new guardduty.CfnMalwareProtectionPlan(this, 'MalwareProtection', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: this.bucket.bucketName, objectPrefixes: [prefix] } },
      actions: { tagging: { status: 'ENABLED' } },
    });
    new events.Rule(this, 'GuardDutyResults', {
      description: 'GuardDuty scan results of quarantined objects start the sekisho scan',
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Malware Protection Object Scan Result'],
        detail: { s3ObjectDetails: { bucketName: [this.bucket.bucketName], objectKey: [{ prefix }] } },
      },
      targets: [new targets.SqsQueue(this.scanQueue)],
    });
  }

  /** How cdk-nag names `<bucket ARN>/<prefix>*` in its findings. */
  private objectsFinding(): string {
    const cfn = this.bucket.node.defaultChild;
    if (cfn instanceof s3.CfnBucket)
      return `<${Stack.of(this).getLogicalId(cfn)}.Arn>/${this.quarantinePrefix}*`;
    return `arn:<AWS::Partition>:s3:::${this.bucket.bucketName}/${this.quarantinePrefix}*`;
  }

  /** cdk-nag findings this construct accepts, each with its reason. */
  private acknowledge() {
    const ack = (id: string, reason: string) => acknowledgeNag(this, id, reason);
    acknowledgeLambdaRoles(this);
    for (const action of [
      's3:GetObject*',
      's3:GetBucket*',
      's3:List*',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      's3:Abort*',
      's3:DeleteObject*',
      'kms:Decrypt',
    ])
      ack(
        `IAM5[Action::${action}]`,
        'The action group CDK’s grant methods give (grantRead, grantReadWriteData, key grants), scoped to the gate’s own bucket prefix, table and key.',
      );
    ack(
      `IAM5[Resource::${this.objectsFinding()}]`,
      'Quarantined objects are named by file id at run time; the scanner may read any of them and nothing else.',
    );
    const definitions = this.definitionsBucket?.node.defaultChild;
    if (definitions instanceof s3.CfnBucket)
      ack(
        `IAM5[Resource::<${Stack.of(this).getLogicalId(definitions)}.Arn>/${DEFINITIONS_PREFIX}*]`,
        'ClamAV’s database files are named by ClamAV (main.cvd, daily.cld, …); the refresh writes and the scanner reads only that prefix of the definitions bucket.',
      );
    ack(
      `IAM5[Resource::${nagArn(this, 'events', 'rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*')}]`,
      'GuardDuty names the EventBridge rules it manages for Malware Protection with this fixed prefix.',
    );
    ack(
      'IAM5[Resource::*]',
      'CDK’s bucket-notification handler must call PutBucketNotification, which is granted on *.',
    );
    ack('SQS3', 'These queues are the dead-letter queues themselves.');
    ack(
      'S1',
      'Server access logs go to the accessLogsBucket prop when given; a bucket must not log into itself.',
    );
    ack(
      'L1',
      'CDK’s own bucket-notification handler picks its runtime; sekisho’s functions use the newest Node.js runtime.',
    );
    ack(
      'SMG4',
      'The webhook secret is rotated by the operator in two steps (new,old then new) so that the web app accepts both during the change; see docs/aws.md.',
    );
  }
}
