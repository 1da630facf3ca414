import { createClamdScanner } from '../../adapters/clamd/clamd-scanner.js';
import type { Scanner } from '../../gate/ports.js';
import { createBuiltinScanner } from '../../gate/scan/builtin/builtin-scanner.js';

/**
 * The default engines of `sekisho serve`: the built-in one (in-process unless `builtin` is given,
 * e.g. the worker pool), plus clamd when an address is given (each exchange bounded by
 * `clamdTimeoutMs`, default the scanner's 30 s).
 */
export function createDefaultEngines(
  clamdAddress?: string,
  builtin: Scanner = createBuiltinScanner(),
  clamdTimeoutMs?: number,
): Scanner[] {
  const engines: Scanner[] = [builtin];
  if (clamdAddress !== undefined)
    engines.push(
      createClamdScanner({
        address: clamdAddress,
        ...(clamdTimeoutMs === undefined ? {} : { timeoutMs: clamdTimeoutMs }),
      }),
    );
  return engines;
}
