import type { S3ObjectStore } from '../../adapters/s3/s3-object-store.js';
import { SHA256_METADATA } from '../../adapters/s3/s3-object-store.js';
import type { Scanner } from '../../gate/ports.js';
import type { ScanRequest } from '../../gate/scan/scan-job.js';
import type { EngineResult } from '../../gate/verdict.js';
import { InvalidInputError } from '../../shared/errors.js';

/** Metadata the web app stores with a quarantined object so that the scan can write its verdict. */
export const OBJECT_METADATA = Object.freeze({
  threadId: 'thread-id',
  uploadedAt: 'uploaded-at',
  /** URI-encoded: S3 metadata is ASCII, names are not. */
  displayName: 'display-name',
});

/**
 * The core scan job's request for a quarantined object, read from the metadata the web app stored
 * with it. No version: every scan on AWS writes the next one after the stored verdict (a re-scan
 * is a new ObjectCreated or GuardDuty result), and the job retries when a concurrent scan of the
 * same file took that version. Throws (so the message is retried, then dead-lettered) when the
 * object is gone or lacks the metadata; returns the object's ETag for engines computed elsewhere.
 */
export async function readScanRequest(
  objects: S3ObjectStore,
  fileId: string,
): Promise<{ request: ScanRequest; eTag: string | null }> {
  const head = await objects.head(fileId);
  if (head === null)
    throw new InvalidInputError('OBJECT_NOT_FOUND', `No quarantined object for file ${fileId}.`);
  const threadId = head.metadata[OBJECT_METADATA.threadId];
  const uploadedAt = Number(head.metadata[OBJECT_METADATA.uploadedAt]);
  if (threadId === undefined || !Number.isFinite(uploadedAt))
    throw new InvalidInputError(
      'OBJECT_METADATA_MISSING',
      `The object of file ${fileId} lacks x-amz-meta-${OBJECT_METADATA.threadId} or x-amz-meta-${OBJECT_METADATA.uploadedAt}; the web app must store both with the upload.`,
    );
  const request: ScanRequest = {
    fileId,
    threadId,
    objectKey: fileId,
    displayName: decodeURIComponent(head.metadata[OBJECT_METADATA.displayName] ?? fileId),
    sha256: head.metadata[SHA256_METADATA] ?? '',
    uploadedAt,
  };
  return { request, eTag: head.eTag };
}

/**
 * An engine result computed elsewhere (GuardDuty's) as one more engine of the core's scan: it
 * counts only for the bytes it was computed on, so a result for an earlier version of the object
 * becomes an `error` that keeps the file blocked until it is scanned again.
 */
export function externalEngine(
  extra: { result: EngineResult; eTag: string | null },
  objectETag: string | null,
): Scanner {
  const strip = (t: string | null) => t?.replace(/"/g, '') ?? null;
  const result: EngineResult =
    extra.eTag === null || strip(extra.eTag) === strip(objectETag)
      ? extra.result
      : {
          ...extra.result,
          kind: 'error',
          findings: [
            {
              engine: extra.result.engine,
              rule: 'object-changed',
              detail: `${extra.result.engine} scanned an earlier version of the object; the file stays blocked until it is scanned again.`,
            },
          ],
        };
  return { name: result.engine, scan: async () => result };
}
