import { createClamdScanner } from '../../adapters/clamd/clamd-scanner.js';
import type { Scanner } from '../../gate/ports.js';
import { createBuiltinScanner } from '../../gate/scan/builtin/builtin-scanner.js';

/** The default engines of `sekisho serve`: the built-in one, plus clamd when an address is given. */
export function createDefaultEngines(clamdAddress?: string): Scanner[] {
  const engines: Scanner[] = [createBuiltinScanner()];
  if (clamdAddress !== undefined) engines.push(createClamdScanner({ address: clamdAddress }));
  return engines;
}
