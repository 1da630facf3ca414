import { WebhookNotifier } from '../../../adapters/slack/webhook-notifier.js';
import { SekishoError } from '../../../shared/errors.js';
import { renderSlackMessage } from '../../../triage/render/render-slack-message.js';
import { buildHistorySource, buildLogEnrichment } from '../../triage/build-aws-sources.js';
import { describeError } from '../../triage/describe-error.js';
import { looksLikeArn, parseExecutionArn } from '../../triage/execution-arn.js';
import { formatDiagnosis } from '../../triage/format-diagnosis.js';
import { type HistoryInput, readTriageFile } from '../../triage/read-triage-file.js';
import { diagnoseAndEnrich, type TriageResult, triageExecution } from '../../triage/triage-execution.js';
import type { CliIo, Command } from '../command.js';
import {
  DEFAULT_LOG_LINES,
  parseTriageOptions,
  type TriageCliOptions,
  triageUsage,
} from './triage-options.js';

function historyInput(options: TriageCliOptions, io: CliIo): HistoryInput {
  if (options.example) return { kind: 'example', name: options.input };
  if (options.input !== '-') return { kind: 'file', path: options.input, cwd: io.cwd };
  return { kind: 'stdin', stdin: io.stdin ?? process.stdin };
}

async function postToSlack(url: string, result: TriageResult): Promise<void> {
  try {
    await new WebhookNotifier(url).post(renderSlackMessage(result.diagnosis));
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
}

/** `sekisho triage`: explains a failed Step Functions execution from a history file or a live ARN. */
export const triageCommand: Command = {
  name: 'triage',
  summary: 'Explain why a Step Functions execution (an ECS batch job) failed',
  usage: triageUsage,
  async run(argv, io) {
    const options = parseTriageOptions(argv);
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
      const input = await readTriageFile(historyInput(options, io));
      const region = options.region ?? envRegion;
      // A saved history touches AWS only when asked to (--logs N): it may be read far from the account.
      const logLines = options.example ? 0 : (options.logs ?? 0);
      const enrichment = logLines > 0 ? buildLogEnrichment(io.env) : null;
      result = await diagnoseAndEnrich(input, enrichment, {
        lang: options.lang,
        logLines,
        ...(region === null ? {} : { region }),
      });
    }
    io.stdout.write(formatDiagnosis(result.diagnosis, options.format, result.notes));
    if (options.post !== null) {
      await postToSlack(options.post, result);
      io.stderr.write('Posted to Slack.\n');
    }
    return 0;
  },
};
