import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectHasher, VerdictLookup } from './create-release-receiver.js';
import { lazily } from './lazily.js';

/** Where the verdict table is; see {@link dynamoDbVerdictLookup}. */
export interface DynamoDbVerdictLookupOptions {
  /** The FileGate construct's verdict table (its `verdictTable.tableName`). */
  readonly tableName: string;
  /** Default a `DynamoDBClient` with the SDK's default region and credential chain. */
  readonly client?: DynamoDBClient;
}

/** Where the quarantined objects are; see {@link s3ObjectReader}. */
export interface S3ObjectReaderOptions {
  readonly bucket: string;
  /** The quarantine prefix; a file's `objectKey` is the key under it. Default `quarantine/`. */
  readonly prefix?: string;
  /** Default an `S3Client` with the SDK's default region and credential chain. */
  readonly client?: S3Client;
}

/**
 * The verdict table on DynamoDB as the receiver reads it: one `GetItem` with `ConsistentRead`, so
 * the version checked is the table's current one, never a replica's older copy. Needs
 * `dynamodb:GetItem` on the table (and `kms:Decrypt` on its key when it has one).
 */
export function dynamoDbVerdictLookup(options: DynamoDbVerdictLookupOptions): VerdictLookup {
  const store = lazily(async () => {
    const [{ DynamoDBClient }, { createDynamoDbVerdictStore }] = await Promise.all([
      import('@aws-sdk/client-dynamodb'),
      import('../../adapters/dynamodb/dynamodb-verdict-store.js'),
    ]);
    return createDynamoDbVerdictStore({
      client: options.client ?? new DynamoDBClient({}),
      tableName: options.tableName,
    });
  });
  return { get: async (fileId) => (await store()).get(fileId) };
}

/**
 * The quarantined objects on S3 as the receiver reads them: `sha256` downloads the object and
 * hashes its bytes (it never trusts the `x-amz-meta-sha256` anyone with PutObject could write).
 * Needs `s3:GetObject` on `<bucket>/<prefix>*` (the FileGate bucket policy names the app's role).
 */
export function s3ObjectReader(options: S3ObjectReaderOptions): ObjectHasher {
  const store = lazily(async () => {
    const [{ S3Client }, { createS3ObjectStore }] = await Promise.all([
      import('@aws-sdk/client-s3'),
      import('../../adapters/s3/s3-object-store.js'),
    ]);
    return createS3ObjectStore({
      client: options.client ?? new S3Client({}),
      bucket: options.bucket,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    });
  });
  return { sha256: async (objectKey) => (await store()).sha256(objectKey) };
}
