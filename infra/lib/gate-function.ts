import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Settings every sekisho function shares. */
export interface FunctionDefaults {
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/** The runtime of every zip-packaged sekisho function (the newest Node.js Lambda offers). */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * A sekisho Lambda function bundled from its TypeScript entry with the local esbuild (no Docker):
 * ESM, arm64, its own log group with a retention, in the VPC when one is given.
 */
export function gateFunction(
  scope: Construct,
  id: string,
  options: FunctionDefaults & {
    /** The entry under src/runtime/lambda, e.g. `scan-handler.ts`. */
    readonly entry: string;
    readonly description: string;
    readonly memorySize?: number;
    readonly timeout?: Duration;
    readonly environment?: Record<string, string>;
    readonly reservedConcurrentExecutions?: number;
  },
): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: options.logRetention,
    removalPolicy: options.removalPolicy,
  });
  return new NodejsFunction(scope, id, {
    entry: `${REPO}src/runtime/lambda/${options.entry}`,
    handler: 'handler',
    projectRoot: REPO,
    depsLockFilePath: `${REPO}package-lock.json`,
    description: options.description,
    runtime: NODE_RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    memorySize: options.memorySize ?? 512,
    timeout: options.timeout ?? Duration.seconds(30),
    logGroup,
    ...(options.vpc === undefined ? {} : { vpc: options.vpc, vpcSubnets: options.vpcSubnets }),
    ...(options.reservedConcurrentExecutions === undefined
      ? {}
      : { reservedConcurrentExecutions: options.reservedConcurrentExecutions }),
    environment: { NODE_OPTIONS: '--enable-source-maps', ...options.environment },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      platform: 'node',
      mainFields: ['module', 'main'],
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      // Some bundled CommonJS packages call require(); ESM has none unless it is made.
      banner: "import { createRequire as __cr } from 'node:module';const require = __cr(import.meta.url);",
      // The SDK is bundled too, at the version the lockfile pins and the tests ran, rather than
      // whichever version the Lambda runtime happens to ship.
      externalModules: [],
      forceDockerBundling: false,
    },
  });
}

/** Records that cdk-nag's AWS Solutions rule `id` (e.g. `SQS3`, `IAM5[Action::s3:List*]`) is accepted here, and why. */
export function acknowledgeNag(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${id}`, reason });
}

/** The managed policies Lambda gives a function's role: accepted with their reason. */
export function acknowledgeLambdaRoles(scope: IConstruct): void {
  acknowledgeNag(
    scope,
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'Lambda’s basic execution role only lets a function write its own logs.',
  );
  acknowledgeNag(
    scope,
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    'In a VPC, Lambda needs this role to attach its network interfaces.',
  );
}
