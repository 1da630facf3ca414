import { type AppStore, newId, type User } from '../../adapters/sqlite/app-store.js';
import { normaliseDisplayName } from '../../gate/files/display-name.js';
import type { FileRecord } from '../../gate/files/file-status.js';
import type { ObjectStore, Scanner, VerdictStore } from '../../gate/ports.js';
import { scanFile } from '../../gate/scan/scan-file.js';
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
  /** Scans a stored file again and writes the next verdict version. */
  rescan(fileId: string): Promise<void>;
  /**
   * Queues a scan for every stored file that has no verdict yet (the server stopped between the
   * upload and the verdict write); returns how many.
   */
  recover(): Promise<number>;
  /** Resolves when no scan is queued or running. */
  idle(): Promise<void>;
  readonly queue: WorkQueue;
}

/** Creates the upload and scan side of the gate. */
export function createFileGate(deps: FileGateDeps): FileGate {
  const queue = createWorkQueue(deps.scanConcurrency ?? 4, (error) =>
    deps.logger.error({ err: error }, 'background scan failed'),
  );

  const scanAndWrite = async (file: FileRecord, version: number, uploadedAt: number): Promise<void> => {
    const subject = await deps.objects.subject(file.objectKey, file.name);
    const verdict = await scanFile(subject, deps.engines(), {
      timeoutMs: deps.scanTimeoutMs ?? 30_000,
      clock: deps.clock,
    });
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
      queue.push(() => scanAndWrite(file, 1, createdAt));
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
      await scanAndWrite(file, current.version + 1, file.createdAt);
    },
    async recover() {
      let queued = 0;
      for (const file of deps.app.filesScanning()) {
        if ((await deps.verdicts.get(file.id)) !== null) continue;
        queue.push(() => scanAndWrite(file, 1, file.createdAt));
        queued++;
      }
      if (queued > 0) deps.logger.info({ queued }, 'scanning files uploaded before the restart');
      return queued;
    },
    idle: () => queue.idle(),
  };
}
