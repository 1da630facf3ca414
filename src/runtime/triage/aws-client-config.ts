/** The AWS services the triage calls, by the suffix of their `AWS_ENDPOINT_URL_<SERVICE>` variable. */
export type TriageAwsService = 'SFN' | 'ECS' | 'CLOUDWATCH_LOGS' | 'SECRETS_MANAGER';

/** The client settings every triage AWS client shares; pass it to `new SFNClient(...)` and friends. */
export interface AwsClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly maxAttempts: number;
  readonly requestHandler: { connectionTimeout: number; requestTimeout: number };
}

/**
 * Client settings from an environment given explicitly (not read from `process.env`), so that a test
 * can point one CLI run at local servers without touching the process. Endpoint overrides follow the
 * SDK's own names: `AWS_ENDPOINT_URL_<SERVICE>` (e.g. `AWS_ENDPOINT_URL_SFN`), then `AWS_ENDPOINT_URL`.
 * Credentials come from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` when both are set, otherwise the
 * SDK's default chain (profile, SSO, the Lambda role…) finds them.
 */
export function awsClientConfig(
  env: Readonly<Record<string, string | undefined>>,
  service: TriageAwsService,
  region: string,
): AwsClientConfig {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  const sessionToken = env.AWS_SESSION_TOKEN;
  return {
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(accessKeyId && secretAccessKey
      ? {
          credentials: {
            accessKeyId,
            secretAccessKey,
            ...(sessionToken ? { sessionToken } : {}),
          },
        }
      : {}),
    // The SDK's standard retry mode: throttling and 5xx are retried with jittered backoff.
    maxAttempts: 4,
    // A triage that hangs on an unreachable endpoint helps nobody at 3 a.m.: fail in seconds.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 15_000 },
  };
}

/** True for a region name such as `eu-west-1` or `us-gov-west-1`. */
export function isRegion(value: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value);
}

/** The region of an ARN (`arn:aws:states:eu-west-1:…` → `eu-west-1`), or null. */
export function regionOfArn(arn: string): string | null {
  const region = arn.split(':')[3];
  return region !== undefined && isRegion(region) ? region : null;
}
