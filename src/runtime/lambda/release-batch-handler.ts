import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createDynamoDbReleaseLedger, type ReleaseLedger } from '../../adapters/dynamodb/release-ledger.js';
import { createWebhookSender } from '../../adapters/http/webhook-sender.js';
import { toVerdictWebhook, type VerdictWebhookSender } from '../../gate/release/verdict-webhook.js';
import { fromAttributeMap } from '../../gate/stream/verdict-item-codec.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import { createLogger, type Logger } from '../../shared/logger.js';
import { createGateAwsClients } from './aws-clients.js';
import { emfSink, type MetricsSink } from './emf-metrics.js';
import { readEnv } from './lambda-env.js';
import { loadReleaseConfig } from './release-handler.js';
import { cachedWithSecrets } from './webhook-secret-env.js';

/** What the release function needs, built once per container. */
export interface ReleaseBatchDeps {
  readonly sender: VerdictWebhookSender;
  /** Where accepted releases are recorded for the reconciliation; none to skip that. */
  readonly ledger: ReleaseLedger | null;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Per invocation: `Released`, `ReleaseFailed` and `ReleaseSkipped` records. Default none. */
  readonly metrics?: MetricsSink;
}

export interface ReleaseBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export type ReleaseBatchHandler = (
  event: DynamoDBStreamEvent,
  context?: Context,
) => Promise<ReleaseBatchResponse>;

/**
 * The release function on AWS, behind the verdict table's DynamoDB Streams event source mapping
 * (with `ReportBatchItemFailures`). Powertools' BatchProcessor runs the records one after another,
 * in stream order, and reports the failed ones by sequence number; when every record fails it
 * throws, so the mapping retries (and bisects) the whole batch.
 *
 * Per record: a verdict image becomes one signed webhook (`webhook-id` `<fileId>:v<version>`, so a
 * redelivery is deduplicated by the receiver); once the web app accepts it, the release is recorded
 * in the ledger. A record whose file already failed earlier in the batch fails too, without a call,
 * so one file's versions are never delivered out of order. REMOVE records and items that are not
 * verdicts (release receipts, should the filter let one through) are skipped, not failed: retrying
 * them could never succeed.
 */
export function makeReleaseBatchHandler(deps: ReleaseBatchDeps): ReleaseBatchHandler {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return async (event, context) => {
    const failedFiles = new Set<string>();
    const counts = { released: 0, failed: 0, skipped: 0 };
    const record = async (r: DynamoDBRecord) => {
      const image = r.dynamodb?.NewImage;
      if (r.eventName === 'REMOVE' || image === undefined || image.verdict === undefined) {
        counts.skipped++;
        return;
      }
      let item: ReturnType<typeof fromAttributeMap>;
      try {
        item = fromAttributeMap(image);
      } catch (error) {
        deps.logger.warn(
          { err: error, sequence: r.dynamodb?.SequenceNumber },
          'stream record is not a verdict item; skipped',
        );
        counts.skipped++;
        return;
      }
      if (failedFiles.has(item.fileId)) {
        counts.failed++;
        throw new Error(`an earlier version of ${item.fileId} failed in this batch; kept in order`);
      }
      try {
        await deps.sender.send(toVerdictWebhook(item));
      } catch (error) {
        failedFiles.add(item.fileId);
        counts.failed++;
        deps.logger.warn(
          { err: error, fileId: item.fileId, version: item.version, sequence: r.dynamodb?.SequenceNumber },
          'verdict webhook failed; the record will be retried',
        );
        throw error;
      }
      await deps.ledger?.markReleased(item.fileId, item.version, deps.clock.now());
      counts.released++;
    };
    try {
      return await processPartialResponse(event, record, processor, {
        ...(context === undefined ? {} : { context }),
        processInParallel: false,
      });
    } finally {
      deps.metrics?.(
        { Service: 'release' },
        {
          Released: { value: counts.released, unit: 'Count' },
          ReleaseFailed: { value: counts.failed, unit: 'Count' },
          ReleaseSkipped: { value: counts.skipped, unit: 'Count' },
        },
      );
    }
  };
}

/** Wires the release function from its environment: the webhook settings and `SEKISHO_VERDICT_TABLE`. */
export function buildReleaseBatchHandler(env: NodeJS.ProcessEnv): ReleaseBatchHandler {
  const read = readEnv(env);
  const tableName = read.optional('SEKISHO_VERDICT_TABLE');
  read.check('release function');
  const config = loadReleaseConfig(env);
  const { dynamodb } = createGateAwsClients(env);
  return makeReleaseBatchHandler({
    sender: createWebhookSender({
      url: config.webhookUrl,
      secrets: config.secrets,
      clock: systemClock,
      timeoutMs: config.timeoutMs,
    }),
    ledger: tableName === undefined ? null : createDynamoDbReleaseLedger({ client: dynamodb, tableName }),
    clock: systemClock,
    logger: createLogger({ name: 'sekisho-release' }),
    metrics: emfSink(),
  });
}

const wired = cachedWithSecrets(buildReleaseBatchHandler);

/**
 * The Lambda entry point, wired on the first event, once per execution environment (again after
 * five minutes when the secrets come from `SEKISHO_WEBHOOK_SECRET_ARN`, to pick up a rotation).
 */
export const handler: ReleaseBatchHandler = async (event, context) =>
  (await wired(process.env))(event, context);
