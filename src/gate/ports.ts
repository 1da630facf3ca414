import type { ScanRequest } from './scan/scan-job.js';
import type { StreamRecord, VerdictItem } from './stream-record.js';
import type { EngineResult, Verdict } from './verdict.js';

/**
 * The bytes of one stored file as a scanner sees them. Stream from the start for most engines;
 * `read` gives random access for formats whose index sits at the end (ZIP's central directory).
 */
export interface ScanSubject {
  readonly displayName: string;
  readonly size: number;
  readonly sha256: string;
  stream(): AsyncIterable<Uint8Array>;
  /** Bytes [start, end), clamped to the file. */
  read(start: number, end: number): Promise<Uint8Array>;
  /**
   * Reads from `start` into `target`, as many bytes as fit before the end of the file, and says
   * how many. Optional: it lets an engine read into memory it reuses from file to file, which a
   * fresh buffer per file costs in page faults (on the 2-core Firecracker VM this project is
   * benchmarked on, 12–20 % of a pass over the pdfTeX manuals).
   */
  readInto?(target: Uint8Array, start: number): Promise<number>;
  /**
   * A file on this machine holding the bytes, for engines that open files by path (the scan
   * workers). Absent for subjects that exist only in memory (an entry unpacked from an archive).
   */
  localFile?(): Promise<LocalFile>;
}

/** A path on this machine holding a subject's bytes, valid until `release` is called. */
export interface LocalFile {
  readonly path: string;
  /** Deletes the file when it was spooled for the caller; a no-op for the store's own file. */
  release(): Promise<void>;
}

/**
 * A stored object as a scanner sees it. Every store gives a local file: an embedded store hands
 * out its own path, a remote one (S3) spools the object to a temporary file on demand, so every
 * engine scans every store.
 */
export interface StoredSubject extends ScanSubject {
  localFile(): Promise<LocalFile>;
}

/** One scanning engine (the built-in one, clamd, …). Must not throw for a bad file: it returns a result. */
export interface Scanner {
  readonly name: string;
  scan(subject: ScanSubject, signal?: AbortSignal): Promise<EngineResult>;
}

/**
 * Where uploaded bytes live. `quarantine` objects can be read only by the scanner and the gate;
 * nothing serves them until the web app publishes the file.
 */
export interface ObjectStore {
  /** Streams a body into quarantine under `key`, enforcing `maxBytes`; returns its size and sha256. */
  putQuarantined(
    key: string,
    body: AsyncIterable<Uint8Array>,
    maxBytes: number,
  ): Promise<{ size: number; sha256: string }>;
  /** The object as a scan subject; its `localFile` spools to a temporary file when the store is remote. */
  subject(key: string, displayName: string): Promise<StoredSubject>;
  /** The stored bytes, for a download once published. */
  open(key: string): Promise<AsyncIterable<Uint8Array>>;
  sha256(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;
  /**
   * Every complete object's key, for the sweep of objects no file row points at (a crash between
   * storing an object and inserting its row). Optional: a store without it is not swept.
   */
  keys?(): AsyncIterable<string>;
}

/**
 * The verdict table (DynamoDB on AWS, SQLite on one machine). A write and its change-stream
 * record commit together. `put` succeeds only when `item.version` is greater than the stored one,
 * so a late or replayed scan never overwrites a newer verdict.
 */
export interface VerdictStore {
  put(item: VerdictItem): Promise<{ written: boolean }>;
  get(fileId: string): Promise<VerdictItem | null>;
}

/**
 * Verdicts in the order they were written: what the old per-minute batch polled, kept for
 * `--release poll` only. Its own port because it is the one read that needs an index of its own
 * on DynamoDB (the embedded table has one).
 */
export interface VerdictPollSource {
  /**
   * Items after `after` in `(writtenAt, fileId)` order (null: from the start), at most `limit`.
   * The key is composite because many verdicts can share one millisecond; paging on `writtenAt`
   * alone skips those past a page boundary.
   */
  listWrittenSince(
    after: { writtenAt: number; fileId: string } | null,
    limit: number,
  ): Promise<VerdictItem[]>;
}

/** The table's change stream, in order of `SequenceNumber`. */
export interface ChangeStream {
  /** Records with a sequence number greater than `afterSequence` ('' for the start), at most `limit`. */
  read(afterSequence: string, limit: number): Promise<StreamRecord[]>;
  /** Calls `listener` after each commit that added records; returns an unsubscribe function. */
  onAppend(listener: () => void): () => void;
}

/**
 * Whether a scan for one user would be queued now. Refused with the scope of the bound it hit:
 * `user` (that user's share is full: 429) or `global` (the whole queue is: 503), and how long to wait.
 */
export type ScanAdmission =
  | { readonly ok: true }
  | { readonly ok: false; readonly scope: 'user' | 'global'; readonly retryAfterMs: number };

/** A place held in the scan queue for an upload whose body is still arriving. */
export type ScanReservation =
  | { readonly ok: true /** Gives the place back (the upload failed); a no-op once used. */; release(): void }
  | Exclude<ScanAdmission, { ok: true }>;

/** How {@link ScanQueue.enqueue} queues a job. */
export interface EnqueueOptions {
  /** Uses the place `reserve` held for this job's owner (always admitted). */
  readonly reservation?: ScanReservation & { ok: true };
  /**
   * Skip the bounds (still in the fair order): recovery after a restart must never drop a file
   * that was already accepted. Default false.
   */
  readonly force?: boolean;
}

/**
 * Where scan jobs wait for a scan slot: a fair, bounded in-process queue on one machine, a queue
 * that triggers the scan function on AWS (SQS fair queues with the uploader as message group, and
 * the function's reserved concurrency as the slots). Either way the job is `makeScanJob`'s `run`.
 * Jobs are ordered fairly between `ScanRequest.ownerId`s, weighted by `ScanRequest.cost`.
 */
export interface ScanQueue {
  /** Whether a job of `ownerId` would be queued now; checked before an upload reads its body. */
  admission(ownerId: string): ScanAdmission;
  /**
   * Holds a place for a job of `ownerId`, counted against the bounds while the upload's body
   * arrives, so concurrent uploads cannot all pass {@link admission} and overshoot.
   */
  reserve(ownerId: string): ScanReservation;
  /**
   * Resolves once the job is queued, not when it has run. Rejects with a `TooBusyError`
   * (SCAN_QUEUE_USER_FULL 429, SCAN_QUEUE_FULL 503) when a bound refuses it, unless `force`.
   */
  enqueue(request: ScanRequest, options?: EnqueueOptions): Promise<void>;
}

export type { Verdict };
