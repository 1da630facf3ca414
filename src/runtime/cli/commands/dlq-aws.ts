import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbReleaseLedger } from '../../../adapters/dynamodb/release-ledger.js';
import { createWebhookSender } from '../../../adapters/http/webhook-sender.js';
import { verdictWebhookId } from '../../../gate/release/verdict-webhook.js';
import { systemClock } from '../../../shared/clock.js';
import { InvalidInputError, SekishoError } from '../../../shared/errors.js';
import { silentLogger } from '../../../shared/logger.js';
import { reconcile } from '../../lambda/reconcile-handler.js';
import { loadReleaseConfig } from '../../lambda/release-handler.js';
import { withWebhookSecrets } from '../../lambda/webhook-secret-env.js';
import type { CliIo } from '../command.js';

/**
 * `sekisho dlq list|replay --table NAME`: the dead letters of a deployment on AWS. Lambda's
 * on-failure destination receives only a batch's metadata (shard and sequence range), and the
 * stream keeps records 24 hours, so the verdict table is the record of what is owed: every verdict
 * newer than its release receipt. `list` shows them; `replay` sends them to the web app (the
 * variables of the release function: `SEKISHO_WEBHOOK_URL` and `SEKISHO_WEBHOOK_SECRETS` or
 * `SEKISHO_WEBHOOK_SECRET_ARN`), all of them with `--all`, or the files named.
 */
export async function runAwsDlq(
  action: string | undefined,
  options: { table: string; format: string; all: boolean; ids: readonly string[] },
  io: CliIo,
): Promise<number> {
  const dynamodb = new DynamoDBClient({});
  try {
    const ledger = createDynamoDbReleaseLedger({ client: dynamodb, tableName: options.table });
    if (action === 'list') {
      const owed = await ledger.listUnreleased(Number.MAX_SAFE_INTEGER);
      if (options.format === 'json') io.stdout.write(`${JSON.stringify(owed, null, 2)}\n`);
      else if (owed.length === 0) io.stdout.write(`Every verdict in ${options.table} was released.\n`);
      else
        io.stdout.write(
          `${owed
            .map(
              (v) =>
                `${verdictWebhookId(v.fileId, v.version)}  ${v.verdict.kind}  written ${new Date(v.writtenAt).toISOString()}  not released`,
            )
            .join('\n')}\n`,
        );
      return 0;
    }
    if (action !== 'replay')
      throw new InvalidInputError('USAGE', "Give an action: list or replay. Run 'sekisho dlq --help'.");
    if (!options.all && options.ids.length === 0)
      throw new InvalidInputError('USAGE', 'Name the files to replay, or --all.');
    const config = loadReleaseConfig(await withWebhookSecrets(io.env));
    const sender = createWebhookSender({
      url: config.webhookUrl,
      secrets: config.secrets,
      clock: systemClock,
    });
    const only = new Set(options.ids);
    try {
      const outcome = await reconcile({
        ledger: options.all
          ? ledger
          : {
              ...ledger,
              listUnreleased: async (before) =>
                (await ledger.listUnreleased(before)).filter((v) => only.has(v.fileId)),
            },
        sender,
        clock: systemClock,
        logger: silentLogger,
        graceMs: 0,
      });
      for (const f of outcome.failed)
        io.stderr.write(`${verdictWebhookId(f.fileId, f.version)}: not replayed: ${f.error}\n`);
      io.stdout.write(`${outcome.released} of ${outcome.found} unreleased verdicts replayed.\n`);
      if (outcome.failed.length > 0)
        throw new SekishoError(
          'REPLAY_FAILED',
          `${outcome.failed.length} of ${outcome.found} replays failed; is the web app at ${config.webhookUrl} up?`,
        );
      return 0;
    } finally {
      sender.close();
    }
  } finally {
    dynamodb.destroy();
  }
}
