import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * The SDK clients of the gate's Lambda functions. Endpoints, region and credentials come from the
 * standard AWS environment (`AWS_ENDPOINT_URL_S3` and `AWS_ENDPOINT_URL_DYNAMODB` point them at
 * local servers in the tests); `SEKISHO_S3_FORCE_PATH_STYLE=true` is for S3-compatible servers
 * without wildcard DNS.
 */
export function createGateAwsClients(env: NodeJS.ProcessEnv): { s3: S3Client; dynamodb: DynamoDBClient } {
  return {
    s3: new S3Client({ forcePathStyle: env.SEKISHO_S3_FORCE_PATH_STYLE === 'true' }),
    dynamodb: new DynamoDBClient({}),
  };
}
