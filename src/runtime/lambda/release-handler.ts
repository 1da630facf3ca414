import { createWebhookSender } from '../../adapters/http/webhook-sender.js';
import { makeReleaseHandler, type ReleaseHandler } from '../../gate/release/make-release-handler.js';
import type { BatchResponse, StreamEvent } from '../../gate/stream/ports.js';
import { systemClock } from '../../shared/clock.js';
import { ConfigError } from '../../shared/errors.js';
import { createLogger } from '../../shared/logger.js';

/** The release Lambda's configuration, read once from its environment. */
export interface ReleaseLambdaConfig {
  /** `SEKISHO_WEBHOOK_URL`: the web app's `…/api/webhooks/verdicts`. */
  readonly webhookUrl: string;
  /** `SEKISHO_WEBHOOK_SECRETS`: comma-separated, the first signs. */
  readonly secrets: readonly string[];
  /** `SEKISHO_WEBHOOK_TIMEOUT_MS`, default 10 000. */
  readonly timeoutMs: number;
}

/** Reads and checks the configuration, naming every missing or wrong variable at once. */
export function loadReleaseConfig(env: NodeJS.ProcessEnv): ReleaseLambdaConfig {
  const problems: string[] = [];
  const webhookUrl = env.SEKISHO_WEBHOOK_URL ?? '';
  if (!/^https?:\/\//.test(webhookUrl))
    problems.push('SEKISHO_WEBHOOK_URL must be the http(s) URL of the web app’s /api/webhooks/verdicts');
  const secrets = (env.SEKISHO_WEBHOOK_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (secrets.length === 0)
    problems.push('SEKISHO_WEBHOOK_SECRETS must hold at least one secret (comma-separated)');
  const timeoutMs = Number(env.SEKISHO_WEBHOOK_TIMEOUT_MS ?? 10_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    problems.push('SEKISHO_WEBHOOK_TIMEOUT_MS must be a positive whole number of milliseconds');
  if (problems.length > 0)
    throw new ConfigError(`The release function is misconfigured: ${problems.join('; ')}.`);
  return Object.freeze({ webhookUrl, secrets: Object.freeze(secrets), timeoutMs });
}

/** Builds the release handler from a configuration: the same code the embedded dispatcher runs. */
export function buildReleaseHandler(config: ReleaseLambdaConfig): ReleaseHandler {
  return makeReleaseHandler({
    sender: createWebhookSender({
      url: config.webhookUrl,
      secrets: config.secrets,
      clock: systemClock,
      timeoutMs: config.timeoutMs,
    }),
    logger: createLogger({ name: 'sekisho-release' }),
  });
}

let built: ReleaseHandler | undefined;

/**
 * The Lambda entry point for the verdict table's DynamoDB Streams event source mapping (with
 * `ReportBatchItemFailures`). Built lazily on the first event, once per execution environment, so
 * that a configuration error surfaces as a failed invocation with a clear message.
 */
export const handler = async (event: StreamEvent): Promise<BatchResponse> => {
  built ??= buildReleaseHandler(loadReleaseConfig(process.env));
  return built(event);
};
