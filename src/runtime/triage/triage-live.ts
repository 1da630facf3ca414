import type { Lang } from '../../triage/diagnosis.js';
import { parseExecutionArn } from './execution-arn.js';
import { type TriageResult, triageExecution } from './triage-execution.js';

/** Options of {@link triageLive}. */
export interface LiveTriageOptions {
  /** Language of the diagnosis; default `en`. */
  readonly lang?: Lang;
  /** Last lines of the failed container's CloudWatch log to add; default 20, 0 skips the log read. */
  readonly logLines?: number;
  /** Region of Step Functions; default the execution ARN's. */
  readonly region?: string;
  /**
   * Where the AWS settings come from (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ACCESS_KEY_ID`…); default
   * `process.env`. Credentials otherwise come from the SDK's default chain.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads a failed execution live from AWS (DescribeExecution, GetExecutionHistory, then the failed
 * container's log) and diagnoses it. The AWS SDK is imported here, on the first live call, so that a
 * program that only diagnoses saved histories never loads it.
 *
 * @throws InvalidInputError `EXECUTION_ARN_INVALID` for an ARN that is not a Step Functions execution's;
 *   SekishoError `EXECUTION_NOT_FOUND` or `AWS_UNAVAILABLE` when Step Functions cannot give it.
 */
export async function triageLive(
  executionArn: string,
  options: LiveTriageOptions = {},
): Promise<TriageResult> {
  const { arn, region: arnRegion } = parseExecutionArn(executionArn);
  const region = options.region ?? arnRegion;
  const env = options.env ?? process.env;
  const logLines = options.logLines ?? 20;
  const { buildHistorySource, buildLogEnrichment } = await import('./build-aws-sources.js');
  const { diagnosis, notes } = await triageExecution(
    arn,
    buildHistorySource(env, region),
    logLines > 0 ? buildLogEnrichment(env) : null,
    { lang: options.lang ?? 'en', logLines, region },
  );
  return { diagnosis, notes };
}
