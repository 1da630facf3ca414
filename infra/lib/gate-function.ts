import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';

/**
 * The handlers as `npm run build` bundles them (scripts/build-lambdas.mjs): `dist/lambda/<name>`
 * of the package root, which is two levels up both from infra/lib (this repository) and from
 * dist/cdk (an installed package).
 */
export const LAMBDA_DIR = fileURLToPath(new URL('../../dist/lambda/', import.meta.url));

/** The bundles of sekisho's functions, by name (dist/lambda/<name>/index.mjs). */
export type LambdaBundle = 'scan' | 'release' | 'reconcile' | 'triage' | 'definitions-refresh';

/** The directory of a bundle, or a clear error when the package was not built. */
export function lambdaBundle(name: LambdaBundle | 'clamd.Dockerfile'): string {
  const path = join(LAMBDA_DIR, name);
  if (!existsSync(path))
    throw new Error(
      `sekisho's Lambda bundle ${path} is missing: run "npm run build" in sekisho's repository (an installed package ships it).`,
    );
  return path;
}

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
 * A sekisho Lambda function from its pre-built bundle (no bundling at synth, no Docker): ESM,
 * arm64, its own log group with a retention, in the VPC when one is given.
 */
export function gateFunction(
  scope: Construct,
  id: string,
  options: FunctionDefaults & {
    /** The bundle under dist/lambda, e.g. `scan`. */
    readonly bundle: LambdaBundle;
    readonly description: string;
    readonly memorySize?: number;
    readonly timeout?: Duration;
    readonly environment?: Record<string, string>;
    readonly reservedConcurrentExecutions?: number;
  },
): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: options.logRetention,
    removalPolicy: options.removalPolicy,
  });
  return new lambda.Function(scope, id, {
    code: lambda.Code.fromAsset(lambdaBundle(options.bundle)),
    handler: 'index.handler',
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
    ...(options.environment === undefined ? {} : { environment: options.environment }),
  });
}

/** Records that cdk-nag's AWS Solutions rule `id` (e.g. `SQS3`, `IAM5[Action::s3:List*]`) is accepted here, and why. */
export function acknowledgeNag(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${id}`, reason });
}

/**
 * An ARN in `scope`'s region and account as cdk-nag names it in a finding: `arn:<AWS::Partition>:`
 * then `service`, with the region and account literal when the stack has them, pseudo otherwise.
 */
export function nagArn(scope: IConstruct, service: string, resource: string): string {
  const stack = Stack.of(scope);
  const pseudo = (value: string, name: string) => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);
  return `arn:<AWS::Partition>:${service}:${pseudo(stack.region, 'Region')}:${pseudo(stack.account, 'AccountId')}:${resource}`;
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
