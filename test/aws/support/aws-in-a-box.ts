import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { LOCAL_AWS, localAwsEnv, s3rverClientConfig } from './local-aws.js';
import { type RunningS3rver, startS3rver } from './s3rver-local.js';

/** DynamoDB Local and s3rver together, with clients, and `process.env` pointing Lambda code at them. */
export interface AwsInABox {
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly s3: S3Client;
  readonly s3rver: RunningS3rver;
  readonly ddb: RunningDynamoDbLocal;
  /** The variables set on `process.env` for handlers that build their own clients. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts both servers in parallel and sets the AWS variables on `process.env` (SDK clients read
 * endpoints from there); `stop` restores the environment and stops both by PID.
 */
export async function startAwsInABox(buckets: readonly string[]): Promise<AwsInABox> {
  const [ddb, s3rver] = await Promise.all([startDynamoDbLocal(), startS3rver(buckets)]);
  const env = localAwsEnv({ dynamodb: ddb.endpoint, s3: s3rver.endpoint });
  const saved = { ...process.env };
  Object.assign(process.env, env, { LOG_LEVEL: 'silent' });
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: ddb.endpoint });
  const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: ddb.endpoint });
  const s3 = new S3Client(s3rverClientConfig(s3rver.endpoint));
  return {
    dynamodb,
    streams,
    s3,
    s3rver,
    ddb,
    env,
    async stop() {
      process.env = saved;
      dynamodb.destroy();
      streams.destroy();
      s3.destroy();
      await Promise.all([ddb.stop(), s3rver.stop()]);
    },
  };
}

/** An SQS event as Lambda hands it to a function, one record per message body. */
export function sqsEvent(bodies: readonly string[]) {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m-${i}-${Math.random().toString(36).slice(2, 8)}`,
      receiptHandle: `r-${i}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:scan-queue',
      awsRegion: 'us-east-1',
    })),
  };
}
