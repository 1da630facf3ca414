import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { UploadTooLargeError } from '../../gate/files/upload-errors.js';
import type { Clock } from '../../shared/clock.js';
import { ConfigError, InvalidInputError } from '../../shared/errors.js';
import { lazily } from './lazily.js';

/** Where and how presigned uploads go; see {@link createQuarantineUploadPresigner}. */
export interface QuarantineUploadPresignerOptions {
  /** The FileGate construct's upload bucket. */
  readonly bucket: string;
  /** The quarantine prefix the scan watches. Default `quarantine/`. */
  readonly prefix?: string;
  /** The largest file accepted, in bytes (the gate's upload limit). */
  readonly maxBytes: number;
  /** How long a URL stays valid, in seconds: 1 to 3,600. Default 300 (5 minutes). */
  readonly expiresInSeconds?: number;
  /** Default an `S3Client` with the SDK's default region and credential chain. */
  readonly client?: S3Client;
  /** Default `Date.now`: the signing time and the `uploaded-at` metadata. */
  readonly clock?: Clock;
}

/** One file a user is about to upload, as your app learns it from its page before the upload. */
export interface QuarantineUploadRequest {
  /** The thread (conversation) the file is sent in; the verdict and the release name it. */
  readonly threadId: string;
  /** The file's display name (any Unicode; stored URI-encoded, as S3 metadata is ASCII). */
  readonly name: string;
  /** The exact size in bytes: signed, so S3 refuses a body of any other length. */
  readonly size: number;
  /**
   * The hex sha256 of the bytes, computed by the page (`crypto.subtle.digest`): sent as
   * `x-amz-checksum-sha256`, so S3 refuses other bytes; record it as your file's `sha256`.
   */
  readonly sha256: string;
  /** Signed when given, so the client must send exactly this `content-type`. */
  readonly contentType?: string;
}

/** What the page needs to upload one file straight to the quarantine prefix. */
export interface PresignedUpload {
  /** A new file id; also the object key under the prefix (your file's `objectKey`). */
  readonly fileId: string;
  readonly objectKey: string;
  readonly method: 'PUT';
  readonly url: string;
  /** Headers the upload must carry exactly (they are signed); browsers set `content-length` themselves. */
  readonly headers: Readonly<Record<string, string>>;
  /** Epoch ms after which S3 refuses the URL. */
  readonly expiresAt: number;
}

export interface QuarantineUploadPresigner {
  /** Throws UPLOAD_TOO_LARGE (413) past `maxBytes`, or a 400 naming the field that is wrong. */
  presign(request: QuarantineUploadRequest): Promise<PresignedUpload>;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

function check(request: QuarantineUploadRequest, maxBytes: number): void {
  const problems: string[] = [];
  if (!Number.isSafeInteger(request.size) || request.size < 1)
    problems.push('size must be a whole number of bytes, at least 1');
  if (typeof request.sha256 !== 'string' || !HEX_SHA256.test(request.sha256))
    problems.push('sha256 must be 64 lowercase hex digits');
  if (typeof request.threadId !== 'string' || request.threadId.length === 0 || request.threadId.length > 256)
    problems.push('threadId must be 1 to 256 characters');
  if (typeof request.name !== 'string' || request.name.length === 0 || request.name.length > 255)
    problems.push('name must be 1 to 255 characters');
  if (problems.length > 0)
    throw new InvalidInputError(
      'UPLOAD_REQUEST_INVALID',
      `The upload request is not valid: ${problems.join('; ')}.`,
    );
  if (request.size > maxBytes) throw new UploadTooLargeError(maxBytes);
}

/**
 * Issues presigned `PUT` URLs straight into the quarantine prefix, for web apps that do not stream
 * uploads through themselves. Each URL is for one new file id and expires quickly; it signs the
 * size (`content-length`), the bytes' sha256 (`x-amz-checksum-sha256`, which S3 verifies) and the
 * metadata the scan function reads (`thread-id`, `uploaded-at`, `display-name`, `sha256`), so an
 * upload with another size, other bytes or other metadata is refused by S3. The object lands under
 * the prefix, its ObjectCreated event starts the scan, and the release calls your receiver.
 * Needs `s3:PutObject` on `<bucket>/<prefix>*` for the credentials that sign.
 */
export function createQuarantineUploadPresigner(
  options: QuarantineUploadPresignerOptions,
): QuarantineUploadPresigner {
  const prefix = options.prefix ?? 'quarantine/';
  const expiresIn = options.expiresInSeconds ?? 300;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 3600)
    throw new ConfigError(`expiresInSeconds must be a whole number from 1 to 3600, not ${expiresIn}.`);
  if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 1)
    throw new ConfigError(`maxBytes must be a positive whole number of bytes, not ${options.maxBytes}.`);
  const now = () => options.clock?.now() ?? Date.now();
  // The SDK and its presigner load on the first upload, not when sekisho/receiver is imported.
  const load = lazily(async () => {
    const [{ S3Client }, { presignQuarantinePut }] = await Promise.all([
      import('@aws-sdk/client-s3'),
      import('./presign-quarantine-put.js'),
    ]);
    return { client: options.client ?? new S3Client({}), sign: presignQuarantinePut };
  });

  return {
    async presign(request) {
      check(request, options.maxBytes);
      const { client, sign } = await load();
      const fileId = `f_${randomBytes(16).toString('hex')}`;
      const signedAt = now();
      const signed = await sign(client, {
        bucket: options.bucket,
        key: `${prefix}${fileId}`,
        size: request.size,
        sha256: request.sha256,
        contentType: request.contentType,
        threadId: request.threadId,
        name: request.name,
        expiresIn,
        signedAt,
      });
      return {
        fileId,
        objectKey: fileId,
        method: 'PUT',
        url: signed.url,
        headers: signed.headers,
        expiresAt: signedAt + expiresIn * 1000,
      };
    },
  };
}
