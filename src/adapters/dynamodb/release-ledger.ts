import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  paginateScan,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { fromAttributeMap } from '../../gate/stream/verdict-item-codec.js';
import type { VerdictItem } from '../../gate/stream-record.js';

/** The key prefix of release receipts, beside the verdict items in the verdict table. */
export const RECEIPT_KEY_PREFIX = 'release#';

/**
 * Which verdict version of each file the web app has accepted, kept in the verdict table itself as
 * items keyed `release#<fileId>` with `releasedVersion` (one table to deploy, secure and back up).
 * Their stream records carry no `verdict` attribute, so the release's event source mapping filter
 * drops them. The reconciliation and `sekisho dlq` on AWS compare the two to find verdicts whose
 * release never arrived, which still works after the stream's 24-hour retention has passed.
 */
export interface ReleaseLedger {
  /** Records that the web app accepted `version` of `fileId`; a lower version never overwrites a higher one. */
  markReleased(fileId: string, version: number, at: number): Promise<void>;
  /** Verdict items newer than their receipt (or without one) written at or before `writtenBefore`, oldest first. */
  listUnreleased(writtenBefore: number): Promise<VerdictItem[]>;
}

export function createDynamoDbReleaseLedger(options: {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}): ReleaseLedger {
  const { client, tableName } = options;
  return {
    async markReleased(fileId, version, at) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { fileId: { S: `${RECEIPT_KEY_PREFIX}${fileId}` } },
            UpdateExpression: 'SET releasedVersion = :v, releasedAt = :at',
            ConditionExpression: 'attribute_not_exists(releasedVersion) OR releasedVersion < :v',
            ExpressionAttributeValues: { ':v': { N: String(version) }, ':at': { N: String(at) } },
          }),
        );
      } catch (error) {
        // A newer version was already released: nothing to record.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
    async listUnreleased(writtenBefore) {
      const verdicts: VerdictItem[] = [];
      const released = new Map<string, number>();
      // One Scan for both kinds of item: the reconciliation runs on a schedule, not per file.
      for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true }))
        for (const raw of page.Items ?? []) {
          const key = raw.fileId && 'S' in raw.fileId ? raw.fileId.S : undefined;
          if (key?.startsWith(RECEIPT_KEY_PREFIX))
            released.set(key.slice(RECEIPT_KEY_PREFIX.length), Number(raw.releasedVersion?.N ?? 0));
          else if (raw.verdict !== undefined) verdicts.push(fromAttributeMap(raw));
        }
      return verdicts
        .filter((v) => v.writtenAt <= writtenBefore && v.version > (released.get(v.fileId) ?? 0))
        .sort((a, b) => a.writtenAt - b.writtenAt || (a.fileId < b.fileId ? -1 : 1));
    },
  };
}
