import type { EngineResult } from '../../gate/verdict.js';

/** What the pool hands a scan worker at start (`workerData`): the built-in engine's options. */
export interface ScanWorkerData {
  /** Overrides of `BuiltinLimits`; structured-cloned, so plain numbers only. */
  readonly limits: Readonly<Record<string, number>>;
  /** Hex sha256 digests to report as infected. */
  readonly denylist: readonly string[];
  /** The accepted MIME types (`ScanPolicy.accept`); absent for the default policy. */
  readonly accept?: readonly string[];
}

/** One scan job: the worker opens the quarantined file itself, so no bytes cross the thread boundary. */
export interface ScanJob {
  readonly id: number;
  readonly path: string;
  readonly displayName: string;
  readonly size: number;
  readonly sha256: string;
}

/** A worker's answer to one {@link ScanJob}. */
export type ScanJobReply =
  | { readonly id: number; readonly result: EngineResult }
  | { readonly id: number; readonly error: string };
