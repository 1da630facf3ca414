import type { Verdict } from '../verdict.js';

/**
 * Where an uploaded file is in its life:
 * - `scanning`: stored in quarantine, no verdict applied yet;
 * - `published`: a clean verdict for exactly these bytes; the thread's company may read it;
 * - `blocked`: infected or rejected by policy, or its bytes changed after the scan;
 * - `failed`: the scan could not finish (an engine error or timeout); fail closed;
 * - `revoked`: was published, then a later re-scan found it unsafe.
 */
export type FileStatus = 'scanning' | 'published' | 'blocked' | 'failed' | 'revoked';

/** What the web app keeps about one uploaded file. */
export interface FileRecord {
  readonly id: string;
  readonly threadId: string;
  readonly uploaderId: string;
  /** The normalised display name. */
  readonly name: string;
  readonly size: number;
  /** Hex sha256 computed while the upload streamed in. */
  readonly sha256: string;
  /** The storage key in the object store (never derived from the name). */
  readonly objectKey: string;
  readonly status: FileStatus;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly publishedAt: number | null;
  /** The verdict version last applied; 0 before any. */
  readonly verdictVersion: number;
  readonly verdict: Verdict | null;
  /** Why the release blocked it when the verdict alone does not say (e.g. a sha256 mismatch). */
  readonly blockReason: string | null;
}
