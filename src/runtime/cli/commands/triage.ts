import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebhookNotifier } from '../../../adapters/slack/webhook-notifier.js';
import { InvalidInputError, SekishoError } from '../../../shared/errors.js';
import type { Lang } from '../../../triage/diagnosis.js';
import { parseHistory } from '../../../triage/history/parse-history.js';
import { renderSlackMessage } from '../../../triage/render/render-slack-message.js';
import { isRegion } from '../../triage/aws-client-config.js';
import { buildHistorySource, buildLogEnrichment } from '../../triage/build-aws-sources.js';
import { describeError } from '../../triage/describe-error.js';
import { looksLikeArn, parseExecutionArn } from '../../triage/execution-arn.js';
import { formatDiagnosis, type TriageFormat, triageFormats } from '../../triage/format-diagnosis.js';
import { diagnoseAndEnrich, type TriageResult, triageExecution } from '../../triage/triage-execution.js';
import type { CliIo, Command } from '../command.js';

const DEFAULT_LOG_LINES = 20;
const MAX_LOG_LINES = 1000;
const DEFAULT_EXAMPLE = 'ecs-out-of-memory';
// src/runtime/cli/commands and dist/runtime/cli/commands are both four levels below the package root.
const examplesDir = fileURLToPath(new URL('../../../../examples/triage/', import.meta.url));

const usage = `Usage: sekisho triage <history.json | - | execution ARN> [options]
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
  --region R     AWS region (default: the ARN's region, then AWS_REGION)
  --logs N       add the last N lines of the failed container's CloudWatch log (default ${DEFAULT_LOG_LINES}
                 with an ARN; 0 turns it off; with a file, only when given). A log that cannot be
                 read is a note in the output, not an error.
  --example      diagnose a bundled example history (examples/triage/<name>.json, default ${DEFAULT_EXAMPLE})

Exit status: 0 diagnosed, 2 bad input (file, JSON, ARN, option), 1 anything else (AWS or Slack unreachable).
`;

interface Options {
  readonly input: string;
  readonly format: TriageFormat;
  readonly lang: Lang;
  readonly post: string | null;
  readonly region: string | null;
  readonly logs: number | null;
  readonly example: boolean;
}

function usageError(message: string): InvalidInputError {
  return new InvalidInputError('USAGE', `${message}. Run 'sekisho triage --help' for the options.`);
}

function parseOptions(argv: readonly string[]): Options {
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
    // node:util's messages name the option ("Unknown option '--fromat'"); keep them, drop the rest.
    throw usageError(
      describeError(error)
        .replace(/^TypeError(?: \[\w+\])?: /, '')
        .replace(/\.$/, ''),
    );
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

async function readStdin(io: CliIo): Promise<string> {
  // CliIo has no stdin yet; tests may hand one in, the process edge uses the real one.
  const stdin = (io as CliIo & { readonly stdin?: NodeJS.ReadableStream }).stdin ?? process.stdin;
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function readInputFile(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : describeError(error);
    throw new InvalidInputError('INPUT_UNREADABLE', `Cannot read ${shown}: ${why}.`, { cause: error });
  }
}

async function exampleNames(): Promise<string[]> {
  try {
    return (await readdir(examplesDir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  } catch {
    return [];
  }
}

async function readExample(name: string): Promise<string> {
  const names = await exampleNames();
  if (!names.includes(name))
    throw usageError(
      `there is no example '${name}'; the examples are: ${names.join(', ') || '(none found)'}`,
    );
  return readInputFile(resolve(examplesDir, `${name}.json`), `example ${name}`);
}

function historyFrom(text: string, shown: string) {
  try {
    return parseHistory(text);
  } catch (error) {
    if (error instanceof SekishoError)
      throw new InvalidInputError(error.code, `${shown}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** `sekisho triage`: explains a failed Step Functions execution from a history file or a live ARN. */
export const triageCommand: Command = {
  name: 'triage',
  summary: 'Explain why a Step Functions execution (an ECS batch job) failed',
  usage,
  async run(argv, io) {
    const options = parseOptions(argv);
    const envRegion = io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || null;
    let result: TriageResult;
    if (!options.example && looksLikeArn(options.input)) {
      const { arn, region: arnRegion } = parseExecutionArn(options.input);
      const region = options.region ?? arnRegion;
      result = await triageExecution(arn, buildHistorySource(io.env, region), buildLogEnrichment(io.env), {
        lang: options.lang,
        logLines: options.logs ?? DEFAULT_LOG_LINES,
        region,
      });
    } else {
      const shown = options.example
        ? `example ${options.input}`
        : options.input === '-'
          ? 'stdin'
          : options.input;
      const text = options.example
        ? await readExample(options.input)
        : options.input === '-'
          ? await readStdin(io)
          : await readInputFile(resolve(io.cwd, options.input), options.input);
      const history = historyFrom(text, shown);
      const region = options.region ?? envRegion;
      // A saved history touches AWS only when asked to (--logs N): it may be read far from the account.
      const logLines = options.example ? 0 : (options.logs ?? 0);
      const enrichment = logLines > 0 ? buildLogEnrichment(io.env) : null;
      result = await diagnoseAndEnrich(history, enrichment, {
        lang: options.lang,
        logLines,
        ...(region === null ? {} : { region }),
      });
    }
    io.stdout.write(formatDiagnosis(result.diagnosis, options.format, result.notes));
    if (options.post !== null) {
      try {
        await new WebhookNotifier(options.post).post(renderSlackMessage(result.diagnosis));
      } catch (error) {
        throw new SekishoError(
          'SLACK_POST_FAILED',
          `The diagnosis was not posted to Slack: ${describeError(error)}.`,
          {
            status: 502,
            cause: error,
          },
        );
      }
      io.stderr.write('Posted to Slack.\n');
    }
    return 0;
  },
};
