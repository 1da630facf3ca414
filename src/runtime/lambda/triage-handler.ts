import { createLogger, type Logger } from '../../shared/logger.js';
import type { Lang } from '../../triage/diagnosis.js';
import type { ExecutionHistorySource, Notifier } from '../../triage/ports.js';
import { renderSlackMessage } from '../../triage/render/render-slack-message.js';
import { renderUndiagnosedSlackMessage } from '../../triage/render/render-undiagnosed-slack-message.js';
import { regionOfArn } from '../triage/aws-client-config.js';
import { describeError } from '../triage/describe-error.js';
import type { LogEnrichmentDeps } from '../triage/enrich-with-logs.js';
import { diagnoseAndEnrich, triageExecution } from '../triage/triage-execution.js';
import { buildTriageDeps } from './build-triage-deps.js';
import { loadTriageConfig } from './triage-config.js';
import { readTriageEvent } from './triage-event.js';

/** What the triage handler needs, built once per Lambda container by {@link buildTriageDeps}. */
export interface TriageHandlerDeps {
  readonly lang: Lang;
  readonly logLines: number;
  /** The region used when an ARN names none. */
  readonly region: string;
  readonly historyIn: (region: string) => ExecutionHistorySource;
  readonly enrichment: LogEnrichmentDeps | null;
  /** The notifier, resolved on first use (it may need a Secrets Manager read). */
  readonly notifier: () => Promise<Notifier>;
  readonly logger: Logger;
}

/** What one invocation did. */
export type TriageOutcome =
  | { readonly status: 'posted'; readonly executionArn: string; readonly category: string }
  | { readonly status: 'posted'; readonly taskArn: string; readonly category: string }
  | { readonly status: 'posted_undiagnosed'; readonly executionArn: string; readonly reason: string }
  | { readonly status: 'skipped'; readonly reason: string };

/**
 * The triage Lambda: diagnoses the failed execution named by the event and posts it to Slack. When
 * the diagnosis fails (history unreadable, unexpected shape) it posts the raw failure and why, so the
 * alert is never lost; when posting fails it throws, so that Lambda retries the event.
 */
export function makeTriageHandler(deps: TriageHandlerDeps): (event: unknown) => Promise<TriageOutcome> {
  return async (event) => {
    const request = readTriageEvent(event);
    if (request.kind === 'skip') {
      deps.logger.info({ reason: request.reason }, 'triage skipped');
      return { status: 'skipped', reason: request.reason };
    }
    if (request.kind === 'task') return triageStoppedTask(request, deps);
    const { executionArn } = request;
    const region = regionOfArn(executionArn) ?? deps.region;
    let outcome: TriageOutcome;
    let message: { text: string; blocks: readonly unknown[] };
    let rawError = request.error;
    let rawCause = request.cause;
    try {
      const result = await triageExecution(executionArn, deps.historyIn(region), deps.enrichment, {
        lang: deps.lang,
        logLines: deps.logLines,
        region,
      });
      rawError ??= result.record.execution.error;
      rawCause ??= result.record.execution.cause;
      for (const note of result.notes)
        deps.logger.warn({ executionArn, note }, 'triage enrichment incomplete');
      message = renderSlackMessage(result.diagnosis);
      outcome = { status: 'posted', executionArn, category: result.diagnosis.category };
    } catch (error) {
      const reason = describeError(error);
      deps.logger.error({ executionArn, err: error }, 'triage could not diagnose; posting the raw failure');
      message = renderUndiagnosedSlackMessage({ executionArn, rawError, rawCause, reason, lang: deps.lang });
      outcome = { status: 'posted_undiagnosed', executionArn, reason };
    }
    const notifier = await deps.notifier();
    try {
      await notifier.post(message);
    } catch (error) {
      if (outcome.status !== 'posted') throw error;
      // Slack refused the diagnosis (a message it will refuse again on every retry, or an outage):
      // try the plain raw failure once before giving the event back to Lambda, so the alert is not lost.
      const reason = `Slack refused the diagnosis (${outcome.category}): ${describeError(error)}`;
      deps.logger.error(
        { executionArn, err: error },
        'posting the diagnosis failed; posting the raw failure',
      );
      await notifier.post(
        renderUndiagnosedSlackMessage({ executionArn, rawError, rawCause, reason, lang: deps.lang }),
      );
      outcome = { status: 'posted_undiagnosed', executionArn, reason };
    }
    deps.logger.info({ ...outcome }, 'triage posted');
    return outcome;
  };
}

/**
 * A stopped ECS task from an "ECS Task State Change" event: diagnosed from the event itself (no
 * Step Functions to read) and posted; if the diagnosis fails, the raw stopped reason is posted instead.
 */
async function triageStoppedTask(
  request: Extract<ReturnType<typeof readTriageEvent>, { kind: 'task' }>,
  deps: TriageHandlerDeps,
): Promise<TriageOutcome> {
  const { taskArn, input } = request;
  const region = regionOfArn(taskArn) ?? deps.region;
  let message: { text: string; blocks: readonly unknown[] };
  let outcome: TriageOutcome;
  try {
    const result = await diagnoseAndEnrich(input, deps.enrichment, {
      lang: deps.lang,
      logLines: deps.logLines,
      region,
    });
    for (const note of result.notes) deps.logger.warn({ taskArn, note }, 'triage enrichment incomplete');
    message = renderSlackMessage(result.diagnosis);
    outcome = { status: 'posted', taskArn, category: result.diagnosis.category };
  } catch (error) {
    const reason = describeError(error);
    deps.logger.error({ taskArn, err: error }, 'triage could not diagnose the task; posting the raw failure');
    message = renderUndiagnosedSlackMessage({
      executionArn: null,
      taskArn,
      rawError: input.task.stopCode,
      rawCause: input.task.stoppedReason,
      reason,
      lang: deps.lang,
    });
    outcome = { status: 'posted_undiagnosed', executionArn: taskArn, reason };
  }
  await (await deps.notifier()).post(message);
  deps.logger.info({ ...outcome }, 'triage posted');
  return outcome;
}

let built: ((event: unknown) => Promise<TriageOutcome>) | undefined;

/**
 * The Lambda entry point. Built on the first invocation, not at import, so that a test can import
 * this module without the environment; a configuration error fails every invocation, naming the variable.
 */
export const handler = async (event: unknown): Promise<TriageOutcome> => {
  built ??= makeTriageHandler(
    buildTriageDeps(loadTriageConfig(process.env), createLogger({ name: 'sekisho-triage' })),
  );
  return built(event);
};
