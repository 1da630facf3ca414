import { SekishoError } from '../../../shared/errors.js';
import { renderSlackMessage } from '../../../triage/render/render-slack-message.js';
import { describeError } from '../../triage/describe-error.js';
import { looksLikeArn } from '../../triage/execution-arn.js';
import { formatDiagnosis } from '../../triage/format-diagnosis.js';
import { type HistoryInput, readTriageFile } from '../../triage/read-triage-file.js';
import { diagnoseAndEnrich, type TriageResult } from '../../triage/triage-execution.js';
import { triageLive } from '../../triage/triage-live.js';
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
    // Slack's client loads only when a run posts.
    const { WebhookNotifier } = await import('../../../adapters/slack/webhook-notifier.js');
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
      result = await triageLive(options.input, {
        lang: options.lang,
        logLines: options.logs ?? DEFAULT_LOG_LINES,
        env: io.env,
        ...(options.region === null ? {} : { region: options.region }),
      });
    } else {
      const input = await readTriageFile(historyInput(options, io));
      const region = options.region ?? envRegion;
      // A saved history touches AWS only when asked to (--logs N): it may be read far from the account.
      const logLines = options.example ? 0 : (options.logs ?? 0);
      // The AWS SDK loads only when a run reads AWS: `--example` and a saved history start without it.
      const enrichment =
        logLines > 0 ? (await import('../../triage/build-aws-sources.js')).buildLogEnrichment(io.env) : null;
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
