import { parseArgs } from 'node:util';
import { InvalidInputError } from '../../../shared/errors.js';
import type { Lang } from '../../../triage/diagnosis.js';
import { isRegion } from '../../triage/aws-client-config.js';
import { type TriageFormat, triageFormats } from '../../triage/format-diagnosis.js';
import { describeParseError } from '../cli-options.js';

/** Log lines read with an execution ARN when --logs is not given. */
export const DEFAULT_LOG_LINES = 20;
const MAX_LOG_LINES = 1000;
/** The example `sekisho triage --example` diagnoses without a name. */
export const DEFAULT_EXAMPLE = 'ecs-out-of-memory';

/** The help text of `sekisho triage`. */
export const triageUsage = `Usage: sekisho triage <history.json | - | execution ARN> [options]
       sekisho triage --example [name]

Explains why a Step Functions execution (an ECS batch job started with runTask.sync) failed:
the failed state, the container, its exit code, what it means and what to do next.

Input:
  history.json   the output of: aws stepfunctions get-execution-history --execution-arn ARN --output json
  -              the same JSON on stdin
  execution ARN  arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME, read live with the AWS SDK
                 (DescribeExecution, GetExecutionHistory); credentials from the usual AWS chain

Options:
  --format F     text (default), json, markdown, or slack (the Block Kit message as JSON)
  --lang L       en (default) or ja
  --post URL     also post the diagnosis to this Slack incoming-webhook URL
  --region R     AWS region (default: the execution ARN's region; with a file, AWS_REGION, for links)
  --logs N       add the last N lines of the failed container's CloudWatch log (default ${DEFAULT_LOG_LINES}
                 with an ARN; 0 turns it off; with a file, only when given). A log that cannot be
                 read is a note in the output, not an error.
  --example      diagnose a bundled example history (examples/triage/<name>.json, default ${DEFAULT_EXAMPLE})

Exit status: 0 diagnosed, 2 bad input (file, JSON, ARN, option), 1 anything else (AWS or Slack unreachable).
`;

/** The options of one `sekisho triage` run, validated. */
export interface TriageCliOptions {
  readonly input: string;
  readonly format: TriageFormat;
  readonly lang: Lang;
  readonly post: string | null;
  readonly region: string | null;
  readonly logs: number | null;
  readonly example: boolean;
}

/** A bad-usage error (exit 2) that points to --help. */
export function usageError(message: string): InvalidInputError {
  return new InvalidInputError('USAGE', `${message}. Run 'sekisho triage --help' for the options.`);
}

/**
 * Parses and checks the arguments of `sekisho triage`.
 *
 * @throws InvalidInputError `USAGE` naming the option and what it accepts.
 */
export function parseTriageOptions(argv: readonly string[]): TriageCliOptions {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        lang: { type: 'string' },
        post: { type: 'string' },
        region: { type: 'string' },
        logs: { type: 'string' },
        example: { type: 'boolean' },
      },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    // The option and what to do, in the words every command uses, without node:util's hints.
    throw usageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  const format = (values.format ?? 'text') as TriageFormat;
  if (!triageFormats.includes(format))
    throw usageError(`--format must be one of ${triageFormats.join(', ')}, not '${format}'`);
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'ja') throw usageError(`--lang must be en or ja, not '${lang}'`);
  let logs: number | null = null;
  if (values.logs !== undefined) {
    logs = Number(values.logs);
    if (!/^\d+$/.test(values.logs) || logs > MAX_LOG_LINES)
      throw usageError(`--logs must be a whole number from 0 to ${MAX_LOG_LINES}, not '${values.logs}'`);
  }
  if (values.post !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(values.post);
    } catch {
      url = null;
    }
    if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw usageError(
        `--post needs a Slack incoming-webhook URL (https://hooks.slack.com/services/…), not '${values.post}'`,
      );
  }
  if (values.region !== undefined && !isRegion(values.region))
    throw usageError(`--region must be an AWS region such as eu-west-1, not '${values.region}'`);
  if (positionals.length > 1)
    throw usageError(`expected one input, got ${positionals.length}: ${positionals.join(' ')}`);
  const example = values.example === true;
  const input = positionals[0] ?? (example ? DEFAULT_EXAMPLE : undefined);
  if (input === undefined)
    throw usageError('missing the input: a history JSON file, - for stdin, or an execution ARN');
  return { input, format, lang, post: values.post ?? null, region: values.region ?? null, logs, example };
}
