import type { ScanPolicy } from '../scan-policy.js';
import type { BuiltinLimits } from './builtin-limits.js';

/** One thing the built-in engine found; the engine turns hits into findings. */
export interface Hit {
  readonly kind: 'infected' | 'rejected';
  readonly rule: string;
  readonly detail: string;
}

/** What one inspection of a file (or an archive entry) shares with the inspections it starts. */
export interface InspectContext {
  readonly limits: BuiltinLimits;
  readonly policy: ScanPolicy;
  readonly denylist: ReadonlySet<string>;
  readonly signal: AbortSignal | undefined;
  /** Counted across the whole file, nested archives included. */
  readonly budget: { entries: number; expandedBytes: number };
}

/** A rejection, the commonest kind of hit. */
export const reject = (rule: string, detail: string): Hit => ({ kind: 'rejected', rule, detail });
