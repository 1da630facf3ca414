import type { FileRecord, FileStatus } from '../files/file-status.js';
import type { Verdict } from '../verdict.js';

/**
 * The reasons the decision gives when storage, not the verdict, keeps a file back; stored as the
 * file's `blockReason`, and explained to the uploader from there (`toFileView`).
 */
export const STORAGE_REASONS = {
  objectMissing: 'The stored object is missing.',
  sha256Mismatch: 'The scanned bytes differ from the stored bytes (sha256 mismatch); nothing is released.',
} as const;

/** What the web app does with one verdict it was sent. */
export type PublishDecision =
  | { readonly kind: 'publish'; readonly status: 'published' }
  | { readonly kind: 'block'; readonly status: 'blocked'; readonly reason: string }
  | { readonly kind: 'fail'; readonly status: 'failed'; readonly reason: string }
  | { readonly kind: 'revoke'; readonly status: 'revoked'; readonly reason: string }
  /** A verdict version not newer than the one applied: a late or replayed scan changes nothing. */
  | { readonly kind: 'stale' };

/**
 * The web app's release decision for one verdict (pure). Publishes only when the verdict is
 * `clean` AND it was computed over exactly the bytes in storage (`storedSha256`), so a verdict for
 * other bytes, or bytes swapped in quarantine after the scan, never releases anything. Anything
 * not clean is blocked (or failed, for an engine error: fail closed). A file already published
 * that a newer verdict finds unsafe is revoked.
 */
export function decidePublication(
  file: Pick<FileRecord, 'status' | 'verdictVersion' | 'sha256'>,
  incoming: { readonly version: number; readonly verdict: Verdict },
  storedSha256: string | null,
): PublishDecision {
  if (incoming.version <= file.verdictVersion) return { kind: 'stale' };
  const unsafe = unsafeOutcome(file, incoming.verdict, storedSha256);
  if (unsafe === null) return { kind: 'publish', status: 'published' };
  if (wasReleased(file.status)) return { kind: 'revoke', status: 'revoked', reason: unsafe.reason };
  return unsafe;
}

function wasReleased(status: FileStatus): boolean {
  return status === 'published' || status === 'revoked';
}

function unsafeOutcome(
  file: Pick<FileRecord, 'sha256'>,
  verdict: Verdict,
  storedSha256: string | null,
): Exclude<PublishDecision, { kind: 'publish' | 'stale' | 'revoke' }> | null {
  if (storedSha256 === null) return { kind: 'fail', status: 'failed', reason: STORAGE_REASONS.objectMissing };
  if (verdict.sha256 !== storedSha256 || file.sha256 !== storedSha256)
    return { kind: 'block', status: 'blocked', reason: STORAGE_REASONS.sha256Mismatch };
  switch (verdict.kind) {
    case 'clean':
      return null;
    case 'infected':
      return { kind: 'block', status: 'blocked', reason: 'A scanner found malware.' };
    case 'rejected':
      return { kind: 'block', status: 'blocked', reason: 'The file is not allowed by the upload policy.' };
    case 'error':
      return {
        kind: 'fail',
        status: 'failed',
        reason: 'The scan could not finish; the file stays withheld.',
      };
  }
}
