import { createClamdProbe } from '../../adapters/clamd/clamd-probe.js';
import type { EngineProbe } from './engine-health.js';

/**
 * The health probes of `sekisho serve`'s engines: clamd's when an address is given (the built-in
 * engine runs in-process), bounded by `timeoutMs` (default the probe's 3 s) for a clamd that hangs.
 */
export function createEngineProbes(clamdAddress?: string, timeoutMs?: number): EngineProbe[] {
  return clamdAddress === undefined ? [] : [createClamdProbe(clamdAddress, timeoutMs)];
}
