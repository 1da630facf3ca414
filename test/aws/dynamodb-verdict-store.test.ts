import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynamoDbChangeStream } from '../../src/adapters/dynamodb/dynamodb-change-stream.js';
import { createDynamoDbVerdictStore } from '../../src/adapters/dynamodb/dynamodb-verdict-store.js';
import { verdictPollSourceContract } from '../contracts/verdict-poll-source-contract.js';
import { verdictStoreContract } from '../contracts/verdict-store-contract.js';
import { verdictItem } from '../stream/stream-fixtures.js';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from './support/dynamodb-local.js';
import { LOCAL_AWS } from './support/local-aws.js';
import { createVerdictTable } from './support/verdict-table.js';

// Real servers (a JVM among them) on a 2-core machine shared with other suites: generous limits.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let local: RunningDynamoDbLocal;
let dynamodb: DynamoDBClient;
let streams: DynamoDBStreamsClient;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: local.endpoint });
  streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: local.endpoint });
});
afterAll(async () => {
  dynamodb?.destroy();
  streams?.destroy();
  await local?.stop();
});

async function openOnDynamoDb() {
  const { tableName, streamArn } = await createVerdictTable(dynamodb);
  const changes = createDynamoDbChangeStream({ client: streams, streamArn, pollIntervalMs: 50 });
  return {
    store: { ...createDynamoDbVerdictStore({ client: dynamodb, tableName }), ...changes },
    close: () => changes.close(),
  };
}

// The same suite the SQLite store passes, against DynamoDB Local and its real stream. DynamoDB
// Streams push nothing, so listeners hear of appends from a poller, not in the same tick.
verdictStoreContract('DynamoDB verdict store (DynamoDB Local)', openOnDynamoDb, { notifiesInProcess: false });
verdictPollSourceContract('DynamoDB verdict store (DynamoDB Local)', async () => {
  const { tableName } = await createVerdictTable(dynamodb);
  return { store: createDynamoDbVerdictStore({ client: dynamodb, tableName }), close: () => {} };
});

describe('DynamoDB change stream', () => {
  it('tells a listener of new records by polling the stream, and stops polling once unsubscribed', async () => {
    const { store, close } = await openOnDynamoDb();
    try {
      let heard = 0;
      let wake: () => void = () => {};
      const unsubscribe = store.onAppend(() => {
        heard++;
        wake();
      });
      const told = new Promise<void>((resolve) => {
        wake = resolve;
      });
      await store.put(verdictItem('f-poll'));
      await told;
      expect(heard).toBe(1);
      unsubscribe();
      await store.put(verdictItem('f-after'));
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toBe(1);
    } finally {
      close();
    }
  });

  it('gives records in the Lambda event shape, with the creation time in epoch seconds (DynamoDB Local rounds it down to the minute)', async () => {
    const { store, close } = await openOnDynamoDb();
    try {
      const before = Math.floor(Date.now() / 1000);
      await store.put(verdictItem('f-shape'));
      const [record] = await store.read('', 10);
      expect(record?.eventSourceARN).toMatch(/^arn:aws:dynamodb:.*\/stream\//);
      expect(record?.dynamodb.ApproximateCreationDateTime).toBeGreaterThanOrEqual(before - 60);
      expect(record?.dynamodb.ApproximateCreationDateTime).toBeLessThanOrEqual(before + 60);
      expect(record?.dynamodb.SizeBytes).toBeGreaterThan(0);
      expect(record?.dynamodb.SequenceNumber).toMatch(/^\d+$/);
    } finally {
      close();
    }
  });

  it('refuses a sequence number that is not decimal digits, naming it', async () => {
    const { store, close } = await openOnDynamoDb();
    try {
      await expect(store.read('abc', 1)).rejects.toThrow(/"abc" is not a sequence number/);
    } finally {
      close();
    }
  });
});
