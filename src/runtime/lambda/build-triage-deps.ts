import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readJsonSecret } from '../../adapters/secrets-manager/read-json-secret.js';
import { WebApiNotifier } from '../../adapters/slack/web-api-notifier.js';
import { WebhookNotifier } from '../../adapters/slack/webhook-notifier.js';
import { ConfigError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { Notifier } from '../../triage/ports.js';
import { awsClientConfig } from '../triage/aws-client-config.js';
import { buildHistorySource, buildLogEnrichment, perRegion } from '../triage/build-aws-sources.js';
import type { SlackTarget, TriageConfig } from './triage-config.js';
import { slackTargetFromSecret } from './triage-config.js';
import type { TriageHandlerDeps } from './triage-handler.js';

/** A notifier for a Slack target. */
export function notifierFor(target: SlackTarget): Notifier {
  return target.kind === 'webhook'
    ? new WebhookNotifier(target.url)
    : new WebApiNotifier(
        target.token,
        target.channel,
        target.apiUrl === null ? {} : { slackApiUrl: target.apiUrl },
      );
}

/**
 * Wires the triage handler from its configuration: SDK clients per region, and the notifier, read
 * from Secrets Manager on first use when `SLACK_SECRET_ARN` is set. A failed secret read is not
 * cached, so the next invocation tries again.
 */
export function buildTriageDeps(config: TriageConfig, logger: Logger): TriageHandlerDeps {
  let notifier: Promise<Notifier> | null = null;
  const resolveNotifier = async (): Promise<Notifier> => {
    if (config.slack !== null) return notifierFor(config.slack);
    const secretArn = config.secretArn;
    if (secretArn === null)
      throw new ConfigError('No Slack target: set SLACK_WEBHOOK_URL or SLACK_SECRET_ARN.');
    const client = new SecretsManagerClient(awsClientConfig(config.awsEnv, 'SECRETS_MANAGER', config.region));
    const values = await readJsonSecret(client, secretArn);
    return notifierFor(slackTargetFromSecret(secretArn, values, config.slackApiUrl));
  };
  return {
    lang: config.lang,
    logLines: config.logLines,
    region: config.region,
    historyIn: perRegion((region) => buildHistorySource(config.awsEnv, region)),
    enrichment: config.logLines > 0 ? buildLogEnrichment(config.awsEnv) : null,
    notifier() {
      notifier ??= resolveNotifier().catch((error: unknown) => {
        notifier = null;
        throw error;
      });
      return notifier;
    },
    logger,
  };
}
