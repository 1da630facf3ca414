import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Creates a verdict table as the `FileGate` construct does (key `fileId`, stream on
 * NEW_AND_OLD_IMAGES, on-demand) under a fresh name, and returns its name and stream ARN.
 */
export async function createVerdictTable(
  client: DynamoDBClient,
  name = `verdicts-${randomUUID().slice(0, 8)}`,
): Promise<{ tableName: string; streamArn: string }> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'fileId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'fileId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  const streamArn = described.Table?.LatestStreamArn;
  if (streamArn === undefined) throw new Error(`table ${name} has no stream`);
  return { tableName: name, streamArn };
}
