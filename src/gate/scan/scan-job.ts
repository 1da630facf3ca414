import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { ObjectStore, Scanner, VerdictStore } from '../ports.js';
import type { Sleep } from '../stream/ports.js';
import type { VerdictItem } from '../stream-record.js';
import type { Verdict } from '../verdict.js';
import { boundVerdict } from './bound-verdict.js';
import { scanFile } from './scan-file.js';

/** One file to scan: what the upload stored, enough to read its object and write its verdict. */
export interface ScanRequest {
  readonly fileId: string;
  readonly threadId: string;
  readonly objectKey: string;
  /** The display name the engines see (a name-versus-type check uses it). */
  readonly displayName: string;
  /** The sha256 the upload computed; an `error` verdict written without a scan carries it. */
  readonly sha256: string;
  /** Epoch ms of the upload. */
  readonly uploadedAt: number;
  /**
   * The verdict version to write. The first scan of an upload is 1, so a second delivery of the
   * same job (a retry, an at-least-once queue) writes nothing; absent, the next after the stored
   * one (a re-scan, read when the job runs so two queued re-scans write v+1 and v+2).
   */
  readonly version?: number;
  /**
   * Whose turn this scan takes in a fair queue: the uploader. Absent: the thread (a job from an
   * older queue message, or one nobody owns).
   */
  readonly ownerId?: string;
  /**
   * What the scan is expected to cost, in bytes it will read: what the file expands to (the sum
   * of an archive's declared entry sizes, capped) rather than its size on the wire. Absent: 0.
   */
  readonly cost?: number;
}

/** What {@link makeScanJob} needs; the same on one machine and behind a queue-triggered Lambda. */
export interface ScanJobDeps {
  readonly objects: ObjectStore;
  readonly verdicts: VerdictStore;
  /** The engines to scan with; a function so a re-scan uses the current set (e.g. updated signatures). */
  readonly engines: () => readonly Scanner[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Per-engine timeout; default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Attempts of a job that throws before it writes an `error` verdict; default 3. */
  readonly attempts?: number;
  /** Backoff before retry n (0-based) is `retryBaseMs × 2^n`; default 200 ms. */
  readonly retryBaseMs?: number;
  readonly sleep: Sleep;
  /**
   * True once the process is shutting down: no attempt starts, and a scan that ends in `error`
   * writes nothing (an engine aborted by the shutdown would otherwise fail a file that the next
   * start scans again). Default: never.
   */
  readonly stopping?: () => boolean;
  /** Called with every verdict put, and whether it was written (a newer one wins otherwise). */
  readonly onWritten?: (item: VerdictItem, written: boolean) => void;
}

/** The scan side of the gate: the twin of the release function. */
export interface ScanJob {
  /**
   * One attempt: reads the object through the `ObjectStore`, runs the engines and puts the
   * verdict through the `VerdictStore`. Returns the item put, or null when nothing was written
   * (shutdown). Throws when storage fails; the caller retries (or its queue redelivers).
   */
  scanOnce(request: ScanRequest): Promise<VerdictItem | null>;
  /**
   * Fails the file closed after the retries ran out: writes an `error` verdict whose finding
   * explains itself to the uploader (the cause stays in the log).
   */
  failClosed(request: ScanRequest, attempts: number): Promise<VerdictItem>;
  /** `scanOnce` with retries and backoff, then `failClosed`; never throws for a failed scan. */
  run(request: ScanRequest): Promise<void>;
}

/** Puts of a re-scan's verdict before it gives up to concurrent writers of the same file. */
const WRITE_ATTEMPTS = 3;

/** Creates the scan job over the gate's ports. */
export function makeScanJob(deps: ScanJobDeps): ScanJob {
  const stopping = deps.stopping ?? (() => false);

  const versionOf = async (request: ScanRequest): Promise<number> =>
    request.version ?? ((await deps.verdicts.get(request.fileId))?.version ?? 0) + 1;

  const write = async (request: ScanRequest, verdict: Verdict): Promise<VerdictItem> => {
    let item: VerdictItem;
    let written: boolean;
    // A re-scan (no version asked) that lost its version to a concurrent scan of the same file
    // takes the next one: two scans of one file (S3's event and GuardDuty's result on AWS) must
    // both be recorded, the later one winning. A first scan's version is fixed: a loss there is a
    // second delivery of the same job, and writing nothing is right.
    for (let attempt = 0; ; attempt++) {
      item = {
        fileId: request.fileId,
        threadId: request.threadId,
        version: await versionOf(request),
        // Bounded where it is written, so every verdict fits the table and the webhook.
        verdict: boundVerdict(verdict),
        uploadedAt: request.uploadedAt,
        writtenAt: deps.clock.now(),
      };
      ({ written } = await deps.verdicts.put(item));
      if (written || request.version !== undefined || attempt + 1 >= WRITE_ATTEMPTS) break;
    }
    deps.onWritten?.(item, written);
    deps.logger.info(
      {
        fileId: item.fileId,
        version: item.version,
        kind: item.verdict.kind,
        written,
        scanMs: verdict.durationMs,
        findings: verdict.findings.length,
      },
      'verdict written',
    );
    return item;
  };

  const scanOnce = async (request: ScanRequest): Promise<VerdictItem | null> => {
    if (stopping()) return null;
    const subject = await deps.objects.subject(request.objectKey, request.displayName);
    const verdict = await scanFile(subject, deps.engines(), {
      timeoutMs: deps.timeoutMs ?? 30_000,
      clock: deps.clock,
    });
    // An `error` that ends a scan during shutdown is most likely the shutdown's doing (the worker
    // pool aborts running scans): writing it would fail a file that recovery simply scans again.
    if (stopping() && verdict.kind === 'error') {
      deps.logger.info({ fileId: request.fileId }, 'scan failed during shutdown; not written');
      return null;
    }
    return write(request, verdict);
  };

  const failClosed = (request: ScanRequest, attempts: number): Promise<VerdictItem> => {
    const detail = `The scan could not run after ${attempts} attempts; the file stays withheld until an operator re-scans it.`;
    return write(request, {
      kind: 'error',
      findings: [{ engine: 'sekisho', rule: 'scan-failed', detail }],
      engines: [],
      sha256: request.sha256,
      detectedType: null,
      scannedAt: deps.clock.now(),
      durationMs: 0,
    });
  };

  return {
    scanOnce,
    failClosed,
    async run(request) {
      const attempts = Math.max(1, deps.attempts ?? 3);
      const baseMs = deps.retryBaseMs ?? 200;
      let lastError: unknown;
      for (let attempt = 0; attempt < attempts; attempt++) {
        if (stopping()) return;
        if (attempt > 0) await deps.sleep(baseMs * 2 ** (attempt - 1));
        try {
          await scanOnce(request);
          return;
        } catch (error) {
          lastError = error;
          deps.logger.warn(
            { err: error, fileId: request.fileId, attempt: attempt + 1, attempts },
            'scan attempt failed',
          );
        }
      }
      if (stopping()) return;
      deps.logger.error(
        { err: lastError, fileId: request.fileId, attempts },
        'scan gave up; writing an error verdict',
      );
      await failClosed(request, attempts);
    },
  };
}
