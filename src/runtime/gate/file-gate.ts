import { type AppStore, newId, type User } from '../../adapters/sqlite/app-store.js';
import { normaliseDisplayName } from '../../gate/files/display-name.js';
import type { FileRecord } from '../../gate/files/file-status.js';
import type { ObjectStore, Scanner, VerdictStore } from '../../gate/ports.js';
import { verdictWebhookId } from '../../gate/release/verdict-webhook.js';
import { scanFile } from '../../gate/scan/scan-file.js';
import type { VerdictItem } from '../../gate/stream-record.js';
import type { Verdict } from '../../gate/verdict.js';
import type { Clock } from '../../shared/clock.js';
import { InvalidInputError, SekishoError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { GateMetrics } from './gate-metrics.js';
import { createWorkQueue, type WorkQueue } from './work-queue.js';

export interface FileGateDeps {
  readonly app: AppStore;
  readonly objects: ObjectStore;
  readonly verdicts: VerdictStore;
  /** The engines to scan with; a function so a re-scan uses the current set (e.g. updated signatures). */
  readonly engines: () => readonly Scanner[];
  readonly metrics: GateMetrics;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Default 25 MiB. */
  readonly maxUploadBytes: number;
  /** Per-engine timeout; default 30 000 ms. */
  readonly scanTimeoutMs?: number;
  /** Scans running at once; default 4. */
  readonly scanConcurrency?: number;
  /** Attempts of a scan job that throws before it writes an `error` verdict; default 3. */
  readonly scanAttempts?: number;
  /** Backoff before the retry n (0-based) is `retryBaseMs × 2^n`; default 200 ms. */
  readonly retryBaseMs?: number;
  /** Called with every verdict written (e.g. to show the engine versions). */
  readonly onVerdict?: (verdict: Verdict) => void;
}

/** The upload side of the gate: authorise, store in quarantine, scan in the background, write the verdict. */
export interface FileGate {
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
  /**
   * Starts shutdown: from now on no scan starts, no job is retried, and a scan that ends in an
   * `error` writes nothing (an engine aborted by the shutdown would otherwise fail the file);
   * `recover` scans those files on the next start. Scans that finish cleanly still write.
   */
  beginShutdown(): void;
  /** Resolves when no scan is queued or running. */
  idle(): Promise<void>;
  readonly queue: WorkQueue;
}

/** Creates the upload and scan side of the gate. */
export function createFileGate(deps: FileGateDeps): FileGate {
  const queue = createWorkQueue(deps.scanConcurrency ?? 4, (error) =>
    deps.logger.error({ err: error }, 'background scan failed'),
  );
  let closing = false;

  const scanAndWrite = async (file: FileRecord, version: number, uploadedAt: number): Promise<void> => {
    if (closing) return;
    const subject = await deps.objects.subject(file.objectKey, file.name);
    const verdict = await scanFile(subject, deps.engines(), {
      timeoutMs: deps.scanTimeoutMs ?? 30_000,
      clock: deps.clock,
    });
    // An `error` that ends a scan during shutdown is most likely the shutdown's doing (the worker
    // pool aborts running scans): writing it would fail a file that `recover` simply scans again.
    if (closing && verdict.kind === 'error') {
      deps.logger.info({ fileId: file.id, version }, 'scan failed during shutdown; not written');
      return;
    }
    await write(file, version, uploadedAt, verdict);
  };

  const write = async (
    file: FileRecord,
    version: number,
    uploadedAt: number,
    verdict: Verdict,
  ): Promise<void> => {
    const writtenAt = deps.clock.now();
    const { written } = await deps.verdicts.put({
      fileId: file.id,
      threadId: file.threadId,
      version,
      verdict,
      uploadedAt,
      writtenAt,
    });
    deps.onVerdict?.(verdict);
    // Upload→verdict is the first scan's latency; a re-scan days later would only skew it.
    if (written)
      deps.metrics.verdictWritten(verdict.kind, version === 1 ? (writtenAt - uploadedAt) / 1000 : null);
    deps.logger.info(
      { fileId: file.id, version, kind: verdict.kind, written, scanMs: verdict.durationMs },
      'verdict written',
    );
  };

  /**
   * Runs a scan job with retries; when every attempt throws, writes an `error` verdict so the
   * file fails closed and its uploader sees why, instead of staying `scanning` until a restart.
   */
  const runScan = async (
    file: FileRecord,
    version: () => Promise<number>,
    uploadedAt: number,
  ): Promise<void> => {
    const attempts = Math.max(1, deps.scanAttempts ?? 3);
    const baseMs = deps.retryBaseMs ?? 200;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (closing) return;
      if (attempt > 0) await new Promise((r) => setTimeout(r, baseMs * 2 ** (attempt - 1)));
      try {
        await scanAndWrite(file, await version(), uploadedAt);
        return;
      } catch (error) {
        lastError = error;
        deps.logger.warn(
          { err: error, fileId: file.id, attempt: attempt + 1, attempts },
          'scan attempt failed',
        );
      }
    }
    if (closing) return;
    deps.logger.error(
      { err: lastError, fileId: file.id, attempts },
      'scan gave up; writing an error verdict',
    );
    // The uploader reads this detail: the cause (a path, a database error) stays in the log.
    const detail = `The scan could not run after ${attempts} attempts; the file stays withheld until an operator re-scans it.`;
    await write(file, await version(), uploadedAt, {
      kind: 'error',
      findings: [{ engine: 'sekisho', rule: 'scan-failed', detail }],
      engines: [],
      sha256: file.sha256,
      detectedType: null,
      scannedAt: deps.clock.now(),
      durationMs: 0,
    });
  };

  const nextVersion = (fileId: string) => async (): Promise<number> =>
    ((await deps.verdicts.get(fileId))?.version ?? 0) + 1;

  const authorizeUpload = (user: User, threadId: string): void => {
    if (deps.app.getThread(threadId) === null)
      throw new InvalidInputError('THREAD_NOT_FOUND', `There is no thread ${threadId}; check the link.`, {
        status: 404,
      });
    if (!deps.app.isParticipant(threadId, user.id))
      throw new InvalidInputError('FORBIDDEN', 'You are not a participant of this thread.', {
        status: 403,
      });
    if (user.role !== 'candidate')
      throw new InvalidInputError('FORBIDDEN', 'Only the candidate of a thread can upload files to it.', {
        status: 403,
      });
  };

  return {
    queue,
    authorizeUpload,
    async upload(user, threadId, filename, body) {
      authorizeUpload(user, threadId);
      const id = newId('f');
      const createdAt = deps.clock.now();
      const { size, sha256 } = await deps.objects.putQuarantined(id, body, deps.maxUploadBytes);
      if (size === 0) {
        await deps.objects.delete(id);
        throw new InvalidInputError('FILE_EMPTY', 'The file is empty; choose a file with content.');
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
      queue.push(() => runScan(file, async () => 1, createdAt));
      return file;
    },
    async rescan(fileId) {
      const file = deps.app.getFile(fileId);
      if (file === null)
        throw new InvalidInputError('FILE_NOT_FOUND', `There is no file ${fileId}.`, { status: 404 });
      const current = await deps.verdicts.get(fileId);
      if (current === null)
        throw new SekishoError(
          'SCAN_PENDING',
          'The first scan of this file has not finished yet; try again shortly.',
          {
            status: 409,
          },
        );
      // The version is read when the job runs, so two queued re-scans write v+1 and v+2.
      queue.push(() => runScan(file, nextVersion(file.id), file.createdAt));
    },
    async recover(apply) {
      let queued = 0;
      let reapplied = 0;
      for (const file of deps.app.filesScanning()) {
        const item = await deps.verdicts.get(file.id);
        if (item === null) {
          queue.push(() => runScan(file, async () => 1, file.createdAt));
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
    beginShutdown() {
      closing = true;
    },
    idle: () => queue.idle(),
  };
}
