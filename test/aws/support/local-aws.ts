/** Credentials and region for the local servers: they check neither, but the SDK needs some. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  // Not frozen: the SDK marks where credentials came from on the object itself.
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
} as const;

/**
 * S3 client settings for s3rver: path-style URLs (no wildcard DNS on loopback), and checksums only
 * when an operation requires them, or s3rver stores a streamed upload with its aws-chunked framing.
 */
export function s3rverClientConfig(endpoint: string) {
  return {
    ...LOCAL_AWS,
    endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
  };
}

/** The environment that points a Lambda bundle's SDK clients at the local servers. */
export function localAwsEnv(endpoints: { dynamodb?: string; s3?: string }): Record<string, string> {
  return {
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    ...(endpoints.dynamodb === undefined
      ? {}
      : {
          AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
          AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamodb,
        }),
    ...(endpoints.s3 === undefined
      ? {}
      : { AWS_ENDPOINT_URL_S3: endpoints.s3, SEKISHO_S3_FORCE_PATH_STYLE: 'true' }),
  };
}
