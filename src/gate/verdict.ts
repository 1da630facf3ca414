/** What one engine found: which engine, which rule, and a sentence a person can read. */
export interface Finding {
  readonly engine: string;
  /** A stable rule id, e.g. `office-macros`, `eicar`, `Eicar-Signature`, `zip-bomb-ratio`. */
  readonly rule: string;
  readonly detail: string;
}

export interface EngineVersion {
  readonly engine: string;
  /** e.g. `builtin 0.1.0`, or clamd's `ClamAV 1.4.6/27000/...` with its database version. */
  readonly version: string;
}

/**
 * The outcome of scanning one file, as values (not exceptions):
 * - `clean`: every engine ran and found nothing;
 * - `infected`: an engine found malware (a signature, EICAR, a denylisted hash);
 * - `rejected`: the policy refuses the file (type not allowed, macros, active content, zip bomb…);
 * - `error`: an engine failed or timed out. Fail closed: an error is never treated as clean.
 */
export type VerdictKind = 'clean' | 'infected' | 'rejected' | 'error';

export interface Verdict {
  readonly kind: VerdictKind;
  readonly findings: readonly Finding[];
  readonly engines: readonly EngineVersion[];
  /** Hex sha256 of the bytes that were scanned. */
  readonly sha256: string;
  /** The content type detected from the bytes (magic), never from the name; null when unknown. */
  readonly detectedType: string | null;
  /** Epoch ms when the scan finished. */
  readonly scannedAt: number;
  readonly durationMs: number;
}

/** One engine's own result, before the policy combines several. */
export interface EngineResult {
  readonly engine: string;
  readonly version: string;
  readonly kind: VerdictKind;
  readonly findings: readonly Finding[];
  readonly detectedType?: string | null;
}
