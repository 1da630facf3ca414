import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { newId } from '../../shared/new-id.js';
import { normaliseDisplayName } from '../files/display-name.js';
import type { FileRecord } from '../files/file-status.js';
import type { ObjectStore, ScanQueue, VerdictStore } from '../ports.js';
import { verdictWebhookId } from '../release/verdict-webhook.js';
import type { ScanRequest } from '../scan/scan-job.js';
import type { VerdictItem } from '../stream-record.js';
import { assertMayUpload, assertThreadMember } from './access-policy.js';
import type { AppStore, User } from './app-store.js';
import { gateErrors } from './gate-errors.js';
import type { GateMetricsSink } from './gate-metrics-sink.js';

export interface FileUploadsDeps {
  readonly app: AppStore;
  readonly objects: ObjectStore;
  readonly verdicts: VerdictStore;
  readonly scans: ScanQueue;
  readonly metrics: GateMetricsSink;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The upload limit in bytes. */
  readonly maxUploadBytes: number;
}

/** The upload use case: authorise, store in quarantine, queue the scan; and re-scans and recovery. */
export interface FileUploads {
  /** Throws unless `user` may upload into `threadId` (checked before any byte is read). */
  authorizeUpload(user: User, threadId: string): void;
  upload(
    user: User,
    threadId: string,
    filename: string,
    body: AsyncIterable<Uint8Array>,
  ): Promise<FileRecord>;
  /**
   * Queues a re-scan of a stored file (on the same bounded queue as uploads) that writes the next
   * verdict version; resolves once queued, throws FILE_NOT_FOUND (404) or SCAN_PENDING (409).
   */
  rescan(fileId: string): Promise<void>;
  /**
   * For every file the web app still shows as `scanning`: applies its verdict through `apply` when
   * the gate has one (the release was lost, e.g. its stream record expired during a long downtime),
   * otherwise queues a scan (the server stopped between the upload and the verdict write).
   * Returns how many files were re-applied or queued.
   */
  recover(apply: (webhookId: string, item: VerdictItem) => Promise<unknown>): Promise<number>;
}

/** The scan job of a stored file; `version` 1 for its first scan, absent (the next) for a re-scan. */
export function scanRequestOf(file: FileRecord, version?: number): ScanRequest {
  return {
    fileId: file.id,
    threadId: file.threadId,
    objectKey: file.objectKey,
    displayName: file.name,
    sha256: file.sha256,
    uploadedAt: file.createdAt,
    ...(version === undefined ? {} : { version }),
  };
}

/** Creates the upload use case over the web app's store, the object store and the scan queue. */
export function createFileUploads(deps: FileUploadsDeps): FileUploads {
  const authorizeUpload = (user: User, threadId: string): void => {
    assertThreadMember(threadId, deps.app.getThread(threadId), deps.app.isParticipant(threadId, user.id));
    assertMayUpload(user);
  };

  return {
    authorizeUpload,
    async upload(user, threadId, filename, body) {
      authorizeUpload(user, threadId);
      const id = newId('f');
      const createdAt = deps.clock.now();
      const { size, sha256 } = await deps.objects.putQuarantined(id, body, deps.maxUploadBytes);
      if (size === 0) {
        await deps.objects.delete(id);
        throw gateErrors.fileEmpty();
      }
      const file = deps.app.insertFile({
        id,
        threadId,
        uploaderId: user.id,
        name: normaliseDisplayName(filename),
        size,
        sha256,
        objectKey: id,
        createdAt,
      });
      deps.metrics.uploaded();
      deps.logger.info({ fileId: id, threadId, size, sha256 }, 'file uploaded to quarantine');
      await deps.scans.enqueue(scanRequestOf(file, 1));
      return file;
    },
    async rescan(fileId) {
      const file = deps.app.getFile(fileId);
      if (file === null) throw gateErrors.fileNotFound(fileId);
      if ((await deps.verdicts.get(fileId)) === null) throw gateErrors.scanPending();
      await deps.scans.enqueue(scanRequestOf(file));
    },
    async recover(apply) {
      let queued = 0;
      let reapplied = 0;
      for (const file of deps.app.filesScanning()) {
        const item = await deps.verdicts.get(file.id);
        if (item === null) {
          await deps.scans.enqueue(scanRequestOf(file, 1));
          queued++;
          continue;
        }
        // The verdict exists but never reached the web app; the receipt and version checks make
        // this a no-op if it did.
        try {
          await apply(verdictWebhookId(item.fileId, item.version), item);
          reapplied++;
        } catch (error) {
          deps.logger.error({ err: error, fileId: file.id }, 'could not apply a stored verdict on start');
        }
      }
      if (queued > 0) deps.logger.info({ queued }, 'scanning files uploaded before the restart');
      if (reapplied > 0) deps.logger.info({ reapplied }, 'applied verdicts the release had not delivered');
      return queued + reapplied;
    },
  };
}
