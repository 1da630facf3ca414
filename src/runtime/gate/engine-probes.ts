import { createClamdProbe } from '../../adapters/clamd/clamd-probe.js';
import type { EngineProbe } from './engine-health.js';

/** The health probes of `sekisho serve`'s engines: clamd's when an address is given (the built-in engine runs in-process). */
export function createEngineProbes(clamdAddress?: string): EngineProbe[] {
  return clamdAddress === undefined ? [] : [createClamdProbe(clamdAddress)];
}
