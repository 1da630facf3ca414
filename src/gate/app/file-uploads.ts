import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { newId } from '../../shared/new-id.js';
import { normaliseDisplayName } from '../files/display-name.js';
import type { FileRecord } from '../files/file-status.js';
import type { ObjectStore, ScanQueue, ScanReservation, VerdictStore } from '../ports.js';
import { verdictWebhookId } from '../release/verdict-webhook.js';
import { estimateScanCost } from '../scan/estimate-scan-cost.js';
import { OPERATOR_LANE } from '../scan/fair-schedule.js';
import type { ScanRequest } from '../scan/scan-job.js';
import type { VerdictItem } from '../stream-record.js';
import { assertMayUpload, assertThreadMember } from './access-policy.js';
import type { AppStore, User } from './app-store.js';
import { gateErrors } from './gate-errors.js';
import type { GateMetricsSink } from './gate-metrics-sink.js';
import type { ThrottleCheck, UploadThrottle } from './upload-throttle.js';

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
  /** Per-user rate and in-flight limits; none when absent (a test that floods on purpose). */
  readonly throttle?: UploadThrottle;
}

/** The upload use case: authorise, store in quarantine, queue the scan; and re-scans and recovery. */
export interface FileUploads {
  /**
   * Throws unless `user` may upload into `threadId` now (checked before any byte is read): a
   * participant candidate, under their upload rate and in-flight limits (429), and with room in
   * the scan queue (429 for their own share, 503 for the whole gate; both with Retry-After).
   */
  authorizeUpload(user: User, threadId: string): void;
  /**
   * Stores `body` in quarantine and queues its scan. `complete`, when given, settles once the
   * whole request has arrived: the file is recorded only after it resolves (a client that never
   * finishes its request gets nothing published), and its object is deleted if it rejects.
   */
  upload(
    user: User,
    threadId: string,
    filename: string,
    body: AsyncIterable<Uint8Array>,
    complete?: Promise<void>,
  ): Promise<FileRecord>;
  /**
   * Queues a re-scan of a stored file (on the same bounded queue as uploads, in the operator's own
   * lane) that writes the next verdict version; resolves once queued, throws FILE_NOT_FOUND (404),
   * SCAN_PENDING (409) or, when the operator's lane is full, SCAN_QUEUE_USER_FULL (429).
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

/**
 * The scan job of a stored file; `version` 1 for its first scan, absent (the next) for a re-scan.
 * It takes its uploader's turn in the fair queue, weighted by `cost` (default: its size).
 */
export function scanRequestOf(file: FileRecord, version?: number, cost = file.size): ScanRequest {
  return {
    fileId: file.id,
    threadId: file.threadId,
    objectKey: file.objectKey,
    displayName: file.name,
    sha256: file.sha256,
    uploadedAt: file.createdAt,
    ownerId: file.uploaderId,
    cost,
    ...(version === undefined ? {} : { version }),
  };
}

function throwIfThrottled(check: ThrottleCheck): void {
  if (check.ok) return;
  if (check.reason === 'rate') throw gateErrors.uploadRateLimited(Math.ceil(check.retryAfterMs / 1000));
  throw gateErrors.uploadsInFlight(check.limit);
}

/** Creates the upload use case over the web app's store, the object store and the scan queue. */
export function createFileUploads(deps: FileUploadsDeps): FileUploads {
  const authorizeUpload = (user: User, threadId: string): void => {
    assertThreadMember(threadId, deps.app.getThread(threadId), deps.app.isParticipant(threadId, user.id));
    assertMayUpload(user);
    if (deps.throttle !== undefined) throwIfThrottled(deps.throttle.check(user.id));
    const admission = deps.scans.admission(user.id);
    if (!admission.ok) throw gateErrors.scanQueueFull(admission);
  };

  /** The cost the fair queue weighs a stored file by; its wire size when the index cannot be read. */
  const costOf = async (file: FileRecord): Promise<number> => {
    try {
      return await estimateScanCost(await deps.objects.subject(file.objectKey, file.name));
    } catch (error) {
      deps.logger.warn({ err: error, fileId: file.id }, 'could not estimate the scan cost; using the size');
      return file.size;
    }
  };

  const storing = new Set<string>();

  /**
   * Stores the body in quarantine, waits for the whole request, records the file and queues its
   * scan in the place reserved for it. Deletes the object when the file is empty or abandoned.
   */
  const store = async (
    user: User,
    threadId: string,
    filename: string,
    body: AsyncIterable<Uint8Array>,
    place: ScanReservation & { ok: true },
    complete: Promise<void> | undefined,
  ): Promise<FileRecord> => {
    const id = newId('f');
    const createdAt = deps.clock.now();
    // Stored but not yet recorded: the orphan sweep must not take it for a crash's leftover.
    storing.add(id);
    try {
      const { size, sha256 } = await deps.objects.putQuarantined(id, body, deps.maxUploadBytes);
      if (size === 0) {
        await deps.objects.delete(id);
        throw gateErrors.fileEmpty();
      }
      try {
        await complete;
      } catch (error) {
        await deps.objects.delete(id);
        deps.logger.info({ fileId: id }, 'upload abandoned after its file part; nothing recorded');
        throw error;
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
      // Its place was held since before the body was read: the file is accepted, so it is queued.
      await deps.scans.enqueue(scanRequestOf(file, 1, await costOf(file)), { reservation: place });
      return file;
    } finally {
      storing.delete(id);
    }
  };

  /** Deletes quarantined objects no file row points at: a crash between the put and the insert. */
  const sweepOrphans = async (): Promise<void> => {
    if (deps.objects.keys === undefined) return;
    let swept = 0;
    for await (const key of deps.objects.keys()) {
      if (storing.has(key) || deps.app.getFile(key) !== null) continue;
      await deps.objects.delete(key);
      swept++;
    }
    if (swept > 0)
      deps.logger.warn({ swept }, 'deleted quarantined objects that no file records (left by a crash)');
  };

  return {
    authorizeUpload,
    async upload(user, threadId, filename, body, complete) {
      authorizeUpload(user, threadId);
      const slot = deps.throttle?.begin(user.id) ?? { ok: true as const };
      throwIfThrottled(slot);
      // The place in the scan queue is held from now, while the body arrives: concurrent uploads
      // cannot all pass the check above and overshoot the bound.
      const place = deps.scans.reserve(user.id);
      if (!place.ok) {
        if (slot.ok) slot.end?.();
        throw gateErrors.scanQueueFull(place);
      }
      try {
        return await store(user, threadId, filename, body, place, complete);
      } finally {
        place.release();
        if (slot.ok) slot.end?.();
      }
    },
    async rescan(fileId) {
      const file = deps.app.getFile(fileId);
      if (file === null) throw gateErrors.fileNotFound(fileId);
      if ((await deps.verdicts.get(fileId)) === null) throw gateErrors.scanPending();
      // The operator's lane, not the uploader's: a bulk re-scan neither takes their turns nor
      // fills their share of the queue (the lane has its own bound, and is told 429 past it).
      const admission = deps.scans.admission(OPERATOR_LANE);
      if (!admission.ok)
        throw admission.scope === 'user'
          ? gateErrors.rescanQueueFull(admission.retryAfterMs)
          : gateErrors.scanQueueFull(admission);
      await deps.scans.enqueue({
        ...scanRequestOf(file, undefined, await costOf(file)),
        ownerId: OPERATOR_LANE,
      });
    },
    async recover(apply) {
      await sweepOrphans();
      let queued = 0;
      let reapplied = 0;
      for (const file of deps.app.filesScanning()) {
        const item = await deps.verdicts.get(file.id);
        if (item === null) {
          // Accepted before the restart: queued past the bounds rather than dropped.
          await deps.scans.enqueue(scanRequestOf(file, 1, await costOf(file)), { force: true });
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
