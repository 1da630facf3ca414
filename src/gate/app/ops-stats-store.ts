import type { EngineVersion } from '../verdict.js';

/** Verdicts written in one minute, by kind. */
export interface VerdictMinute {
  readonly t: number;
  readonly clean: number;
  readonly infected: number;
  readonly rejected: number;
  readonly error: number;
}

/**
 * The operations page's figures, read from what is stored rather than from memory, so that they
 * say the same thing before and after a restart.
 */
export interface OpsStatsStore {
  /** Files uploaded per minute since `since` (epoch ms), from the web app's `files`. */
  uploadsPerMinute(since: number): { t: number; count: number }[];
  /**
   * Verdicts written per minute since `since`, by kind, from the verdict table's change stream
   * (INSERT and MODIFY records: every verdict, re-scans included; the stream keeps 24 h).
   */
  verdictsPerMinute(since: number): VerdictMinute[];
  /**
   * Upload → published times (ms, ascending) of the files their first verdict published since
   * `since`, as `sekisho_upload_to_published_seconds` counts them (a re-scan's publication is not
   * an upload's latency).
   */
  uploadToPublishedMs(since: number): number[];
  /** The engines and versions of the newest verdict stored; empty before the first. */
  lastEngineVersions(): EngineVersion[];
  close(): void;
}
