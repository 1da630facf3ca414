import {
  ConditionalCheckFailedException,
  type AttributeValue as DdbAttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  paginateScan,
} from '@aws-sdk/client-dynamodb';
import type { VerdictPollSource, VerdictStore } from '../../gate/ports.js';
import { checkLimit } from '../../gate/stream/check-read-args.js';
import { checkVerdictItem } from '../../gate/stream/check-verdict-item.js';
import { fromAttributeMap, toAttributeMap } from '../../gate/stream/verdict-item-codec.js';
import type { VerdictItem } from '../../gate/stream-record.js';

/** Where the verdict table is. */
export interface DynamoDbVerdictStoreOptions {
  readonly client: DynamoDBClient;
  /** A table keyed by `fileId` (string), with its stream on `NEW_AND_OLD_IMAGES`. */
  readonly tableName: string;
}

/**
 * The verdict table on DynamoDB. Items are written exactly in the image `toAttributeMap` gives (the
 * release function reads the stream records' `NewImage` with `fromAttributeMap`), and each `put` is
 * one conditional `PutItem`: it succeeds only when no item exists or the stored `version` is lower,
 * so a late or replayed scan never overwrites a newer verdict, and a refused write adds no stream
 * record. The table's stream is the change stream (see `createDynamoDbChangeStream`).
 */
export function createDynamoDbVerdictStore(
  options: DynamoDbVerdictStoreOptions,
): VerdictStore & VerdictPollSource {
  const { client, tableName } = options;
  return {
    async put(item) {
      checkVerdictItem(item);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: toAttributeMap(item) as Record<string, DdbAttributeValue>,
            ConditionExpression: 'attribute_not_exists(fileId) OR version < :version',
            ExpressionAttributeValues: { ':version': { N: String(item.version) } },
          }),
        );
        return { written: true };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return { written: false };
        throw error;
      }
    },
    async get(fileId) {
      const out = await client.send(
        new GetItemCommand({ TableName: tableName, Key: { fileId: { S: fileId } }, ConsistentRead: true }),
      );
      return out.Item === undefined || out.Item.verdict === undefined ? null : fromAttributeMap(out.Item);
    },
    async listWrittenSince(after, limit) {
      checkLimit(limit);
      // Only `--release poll` (the design sekisho replaces, kept for comparison) reads this. A Scan
      // reads the whole table each time; a deployment that polls for real would add an index.
      const items = await scanVerdictItems(client, tableName);
      return items
        .filter((i) => after === null || compareKey(i, after) > 0)
        .sort(compareKey)
        .slice(0, limit);
    },
  };
}

/** Every verdict item of the table (other items, such as release receipts, are skipped). */
export async function scanVerdictItems(client: DynamoDBClient, tableName: string): Promise<VerdictItem[]> {
  const items: VerdictItem[] = [];
  for await (const page of paginateScan(
    { client },
    { TableName: tableName, ConsistentRead: true, FilterExpression: 'attribute_exists(verdict)' },
  ))
    for (const raw of page.Items ?? []) items.push(fromAttributeMap(raw));
  return items;
}

function compareKey(a: { writtenAt: number; fileId: string }, b: { writtenAt: number; fileId: string }) {
  if (a.writtenAt !== b.writtenAt) return a.writtenAt < b.writtenAt ? -1 : 1;
  return a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : 0;
}
