import { createHash, randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryFileStore } from '../../examples/receiver-express/file-store.js';
import { createDynamoDbVerdictStore } from '../../src/adapters/dynamodb/dynamodb-verdict-store.js';
import { createReleaseReceiver, dynamoDbVerdictLookup } from '../../src/exports/receiver.js';
import { toVerdictWebhook } from '../../src/gate/release/verdict-webhook.js';
import { signWebhook } from '../../src/shared/webhooks/webhook-signature.js';
import { verdictItem } from '../stream/stream-fixtures.js';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from './support/dynamodb-local.js';
import { LOCAL_AWS } from './support/local-aws.js';
import { createVerdictTable } from './support/verdict-table.js';

// sekisho/receiver's verdict lookup against DynamoDB Local: the receiver checks each call against
// the item the table holds now, read with ConsistentRead.

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let local: RunningDynamoDbLocal;
let client: DynamoDBClient;
const getItemInputs: Record<string, unknown>[] = [];

beforeAll(async () => {
  local = await startDynamoDbLocal();
  client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: local.endpoint });
  // Observes (never answers) every GetItem the lookup sends to DynamoDB Local.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetItemCommand') getItemInputs.push(args.input as Record<string, unknown>);
      return next(args);
    },
    { step: 'initialize', name: 'recordGetItem' },
  );
});
afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

describe('dynamoDbVerdictLookup', () => {
  it('reads the current item of the table with ConsistentRead', async () => {
    const { tableName } = await createVerdictTable(client);
    const table = createDynamoDbVerdictStore({ client, tableName });
    await table.put(verdictItem('f_1', { version: 1 }));
    await table.put(verdictItem('f_1', { version: 2 }));
    const lookup = dynamoDbVerdictLookup({ tableName, client });
    expect((await lookup.get('f_1'))?.version).toBe(2);
    expect(await lookup.get('f_never')).toBeNull();
    expect(getItemInputs.length).toBeGreaterThanOrEqual(2);
    for (const input of getItemInputs)
      expect(input).toMatchObject({ TableName: tableName, ConsistentRead: true });
  });

  it('lets the receiver answer stale for an older version and refuse one the table never held', async () => {
    const { tableName } = await createVerdictTable(client);
    const table = createDynamoDbVerdictStore({ client, tableName });
    const bytes = Buffer.from('a CV');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const v1 = verdictItem('f_2', { version: 1, verdict: { ...verdictItem('f_2').verdict, sha256 } });
    await table.put(v1);
    await table.put({ ...v1, version: 2 });
    const files = createMemoryFileStore();
    files.insert({ id: 'f_2', threadId: v1.threadId, objectKey: 'f_2', sha256, name: 'cv.txt' });
    const secret = randomBytes(32).toString('base64');
    const receiver = createReleaseReceiver({
      secrets: [secret],
      verdicts: dynamoDbVerdictLookup({ tableName, client }),
      objects: { sha256: async () => sha256 },
      files,
    });
    const call = (item: typeof v1) => {
      const message = toVerdictWebhook(item);
      return receiver.handle({
        headers: {
          ...signWebhook({ id: message.id, body: message.body, secrets: [secret], now: Date.now() }),
        },
        rawBody: message.body,
      });
    };
    expect(JSON.parse((await call(v1)).body)).toEqual({ outcome: 'stale', fileId: 'f_2' });
    const invented = await call({ ...v1, version: 3 });
    expect(invented.status).toBe(409);
    expect(JSON.parse(invented.body)).toMatchObject({ error: { code: 'VERDICT_VERSION_UNKNOWN' } });
    expect(JSON.parse((await call({ ...v1, version: 2 })).body)).toEqual({
      outcome: 'published',
      fileId: 'f_2',
    });
  });
});
