import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SHA256_METADATA } from '../../adapters/s3/s3-object-store.js';
import { OBJECT_METADATA } from '../lambda/scan-request.js';

/** One quarantine object to presign a PUT for. */
export interface QuarantinePut {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string | undefined;
  readonly threadId: string;
  readonly name: string;
  readonly expiresIn: number;
  /** Epoch ms: the signing time, and the `uploaded-at` the scan reads. */
  readonly signedAt: number;
}

/**
 * Presigns the PUT with the AWS SDK's S3 presigner. Every header the object must carry is signed
 * and kept a header (not hoisted into the query string), so the uploader must send exactly these
 * values: the size, the checksum S3 verifies, and the metadata the scan function reads
 * (`OBJECT_METADATA`, plus the sha256 that `S3ObjectStore` keeps with every object).
 */
export async function presignQuarantinePut(
  client: S3Client,
  put: QuarantinePut,
): Promise<{ url: string; headers: Record<string, string> }> {
  const metadata: Record<string, string> = {
    [OBJECT_METADATA.threadId]: put.threadId,
    [OBJECT_METADATA.uploadedAt]: String(put.signedAt),
    [OBJECT_METADATA.displayName]: encodeURIComponent(put.name),
    [SHA256_METADATA]: put.sha256,
  };
  const headers: Record<string, string> = {
    'content-length': String(put.size),
    'x-amz-checksum-sha256': Buffer.from(put.sha256, 'hex').toString('base64'),
    ...(put.contentType === undefined ? {} : { 'content-type': put.contentType }),
  };
  for (const [name, value] of Object.entries(metadata)) headers[`x-amz-meta-${name}`] = value;
  const command = new PutObjectCommand({
    Bucket: put.bucket,
    Key: put.key,
    ContentLength: put.size,
    ChecksumSHA256: headers['x-amz-checksum-sha256'],
    ...(put.contentType === undefined ? {} : { ContentType: put.contentType }),
    Metadata: metadata,
  });
  const url = await getSignedUrl(client, command, {
    expiresIn: put.expiresIn,
    signingDate: new Date(put.signedAt),
    signableHeaders: new Set(Object.keys(headers)),
    unhoistableHeaders: new Set(Object.keys(headers).filter((h) => h.startsWith('x-amz-'))),
  });
  return { url, headers };
}
