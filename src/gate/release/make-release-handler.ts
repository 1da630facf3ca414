import type { Logger } from '../../shared/logger.js';
import type { BatchResponse, StreamEvent } from '../stream/ports.js';
import { compareSequenceNumbers } from '../stream/sequence-number.js';
import { fromAttributeMap } from '../stream/verdict-item-codec.js';
import type { StreamRecord, VerdictItem } from '../stream-record.js';
import {
  isUndeliverable,
  toVerdictWebhook,
  undeliverableVerdict,
  type VerdictWebhookSender,
} from './verdict-webhook.js';

export type ReleaseHandler = (event: StreamEvent) => Promise<BatchResponse>;

export interface ReleaseHandlerDeps {
  readonly sender: VerdictWebhookSender;
  readonly logger: Logger;
  /** Called after each webhook the receiver accepted, e.g. for metrics. */
  readonly onDelivered?: (item: VerdictItem) => void;
}

/**
 * The release function: turns verdict stream records into signed webhook calls to the web app.
 * The same code runs as the Lambda on AWS and behind the embedded stream dispatcher.
 *
 * - INSERT/MODIFY records of verdict items become one webhook each, id `<fileId>:v<version>`, so
 *   a record delivered twice is deduplicated by the receiver.
 * - REMOVE records (TTL expiry) and records that are not verdict items are skipped, not failed:
 *   retrying them could never succeed.
 * - Records of one file are sent in order; after a failure, that file's later records are failed
 *   too, so they are retried after it. Different files are sent concurrently.
 * - A failed webhook (non-2xx, network error) is reported in `batchItemFailures` by sequence number.
 * - A webhook the receiver refuses for its body (400, 413, 422) is never retried as it is: the
 *   file's version is delivered once more as a fail-closed `error` with the reason, so the file
 *   ends withheld and explained instead of `scanning` until the record expires.
 */
export function makeReleaseHandler(deps: ReleaseHandlerDeps): ReleaseHandler {
  const deliver = async (item: VerdictItem): Promise<void> => {
    try {
      await deps.sender.send(toVerdictWebhook(item));
    } catch (error) {
      if (!isUndeliverable(error)) throw error;
      const status = (error as { receiverStatus?: number }).receiverStatus;
      deps.logger.error(
        { err: error, fileId: item.fileId, version: item.version, receiverStatus: status },
        'verdict refused by the receiver; delivering it failed closed instead',
      );
      await deps.sender.send(toVerdictWebhook(undeliverableVerdict(item, status)));
    }
    deps.onDelivered?.(item);
  };
  return async (event) => {
    const byFile = new Map<string, { record: StreamRecord; item: VerdictItem }[]>();
    for (const record of event.Records) {
      const item = decode(record, deps.logger);
      if (item === null) continue;
      const list = byFile.get(item.fileId) ?? [];
      list.push({ record, item });
      byFile.set(item.fileId, list);
    }
    const failures: string[] = [];
    await Promise.all(
      [...byFile.values()].map(async (entries) => {
        for (const [index, { record, item }] of entries.entries()) {
          try {
            await deliver(item);
          } catch (error) {
            deps.logger.warn(
              {
                err: error,
                fileId: item.fileId,
                version: item.version,
                sequence: record.dynamodb.SequenceNumber,
              },
              'verdict webhook failed; the record will be retried',
            );
            for (const later of entries.slice(index)) failures.push(later.record.dynamodb.SequenceNumber);
            return;
          }
        }
      }),
    );
    failures.sort(compareSequenceNumbers);
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

function decode(record: StreamRecord, logger: Logger): VerdictItem | null {
  if (record.eventName === 'REMOVE' || record.dynamodb.NewImage === undefined) return null;
  try {
    return fromAttributeMap(record.dynamodb.NewImage);
  } catch (error) {
    logger.warn(
      { err: error, sequence: record.dynamodb.SequenceNumber },
      'stream record is not a verdict item; skipped',
    );
    return null;
  }
}
