import type { FileRecord } from '../files/file-status.js';
import type { AppStore, FileChange, ReceiptOutcome } from './app-store.js';

/** What the receiver reads of a web app's file: the fields the release decision needs, no more. */
export type ReleaseFile = Pick<
  FileRecord,
  'id' | 'threadId' | 'objectKey' | 'sha256' | 'status' | 'verdictVersion' | 'publishedAt'
>;

/**
 * The web app's storage of its files and webhook receipts, as the verdict receiver needs it.
 * Asynchronous, so that any database fits (a remote one such as DynamoDB or PostgreSQL, or SQLite
 * through {@link releaseStoreOf}). `F` is the app's own file type; the receiver hands it back
 * untouched in `onApplied`.
 */
export interface ReleaseStore<F extends ReleaseFile = ReleaseFile> {
  /** The file with this id, or null. */
  getFile(fileId: string): Promise<F | null>;
  /** Whether a webhook with this id was already applied: a cheap read before the re-hash. */
  hasReceipt(webhookId: string): Promise<boolean>;
  /**
   * Applies one webhook once, atomically (one transaction, or one conditional write):
   * - a `webhookId` already received answers `{ outcome: 'duplicate' }` and changes nothing;
   * - otherwise `decide(file)` (pure, synchronous) returns the change; an `update` is written only
   *   while the stored `verdictVersion` is lower than `change.version` (the guard that keeps a late
   *   delivery from overwriting a newer verdict), and the receipt is stored with the outcome:
   *   `change.status` when the update was written, `stale` when it was not.
   * Returns null when there is no such file.
   */
  applyVerdict(
    webhookId: string,
    fileId: string,
    decide: (file: F) => FileChange,
  ): Promise<{ outcome: ReceiptOutcome; file: F } | null>;
}

/** sekisho's own synchronous store (SQLite on one machine) as a {@link ReleaseStore}. */
export function releaseStoreOf(app: AppStore): ReleaseStore<FileRecord> {
  return {
    getFile: async (fileId) => app.getFile(fileId),
    hasReceipt: async (webhookId) => app.hasReceipt(webhookId),
    applyVerdict: async (webhookId, fileId, decide) => app.applyVerdict(webhookId, fileId, decide),
  };
}

export type { FileChange, ReceiptOutcome };
