import { createDynamoDbReleaseLedger, type ReleaseLedger } from '../../adapters/dynamodb/release-ledger.js';
import { createWebhookSender } from '../../adapters/http/webhook-sender.js';
import { toVerdictWebhook, type VerdictWebhookSender } from '../../gate/release/verdict-webhook.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import { createLogger, type Logger } from '../../shared/logger.js';
import { createGateAwsClients } from './aws-clients.js';
import { readEnv } from './lambda-env.js';
import { loadReleaseConfig } from './release-handler.js';
import { cachedWithSecrets } from './webhook-secret-env.js';

export interface ReconcileDeps {
  readonly ledger: ReleaseLedger;
  readonly sender: VerdictWebhookSender;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Verdicts younger than this are left to the stream (still being retried). */
  readonly graceMs: number;
}

/** What one reconciliation did. */
export interface ReconcileOutcome {
  readonly found: number;
  readonly released: number;
  readonly failed: { fileId: string; version: number; error: string }[];
}

/**
 * Re-applies verdicts whose release never arrived, as `recover()` does on one machine: every
 * verdict newer than its release receipt and older than the grace period is sent again (same
 * `webhook-id`, so a release that did arrive but was not recorded is deduplicated by the web app)
 * and recorded once accepted. It covers records the stream's 24-hour retention trimmed, batches
 * the event source mapping gave up on, and a web app that was down for longer than the retries.
 */
export async function reconcile(deps: ReconcileDeps): Promise<ReconcileOutcome> {
  const pending = await deps.ledger.listUnreleased(deps.clock.now() - deps.graceMs);
  const failed: ReconcileOutcome['failed'] = [];
  for (const item of pending) {
    try {
      await deps.sender.send(toVerdictWebhook(item));
      await deps.ledger.markReleased(item.fileId, item.version, deps.clock.now());
    } catch (error) {
      failed.push({ fileId: item.fileId, version: item.version, error: (error as Error).message });
    }
  }
  const outcome = { found: pending.length, released: pending.length - failed.length, failed };
  deps.logger[failed.length > 0 ? 'error' : 'info'](outcome, 'reconciliation done');
  return outcome;
}

/** Wires the reconciliation from the release function's variables plus `SEKISHO_VERDICT_TABLE`. */
export function buildReconcileDeps(env: NodeJS.ProcessEnv): ReconcileDeps {
  const read = readEnv(env);
  const tableName = read.required('SEKISHO_VERDICT_TABLE', 'the verdict table name');
  const graceMs = read.positiveInt('SEKISHO_RECONCILE_GRACE_MS', 15 * 60_000);
  read.check('reconcile function');
  const config = loadReleaseConfig(env);
  return {
    ledger: createDynamoDbReleaseLedger({ client: createGateAwsClients(env).dynamodb, tableName }),
    sender: createWebhookSender({
      url: config.webhookUrl,
      secrets: config.secrets,
      clock: systemClock,
      timeoutMs: config.timeoutMs,
    }),
    clock: systemClock,
    logger: createLogger({ name: 'sekisho-reconcile' }),
    graceMs,
  };
}

const wired = cachedWithSecrets(buildReconcileDeps);

/**
 * The scheduled entry point (an EventBridge Scheduler or rule, e.g. every 15 minutes). Throws when
 * some verdicts could not be released, so the function's Errors alarm fires.
 */
export const handler = async (): Promise<ReconcileOutcome> => {
  const outcome = await reconcile(await wired(process.env));
  if (outcome.failed.length > 0)
    throw new Error(
      `${outcome.failed.length} of ${outcome.found} unreleased verdicts could not be released; see the log.`,
    );
  return outcome;
};
