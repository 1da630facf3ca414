import { SekishoError } from '../../shared/errors.js';

/**
 * better-sqlite3 loads its native binding on the first `new Database()`, not on import. When that
 * load fails because the binding was never built (npm 11 skips a dependency's install script until
 * the project approves it) or was built for another Node.js, say so and how to fix it, instead of
 * the `bindings` package's list of paths it tried. Any other error is returned as it is.
 */
export function explainBindingFailure(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  const code = (error as { code?: unknown } | null)?.code;
  const missing = message.includes('Could not locate the bindings file');
  const mismatched = code === 'ERR_DLOPEN_FAILED' && message.includes('better_sqlite3');
  if (!missing && !mismatched) return error;
  return new SekishoError(
    'SQLITE_BINDING_MISSING',
    `${missing ? 'better-sqlite3 has no native binding: its install script did not run' : `better-sqlite3's native binding does not load in Node.js ${process.versions.node}`}. ` +
      'The gate (serve, dlq, startGate) needs it; the triage and scan do not. On npm 11, approve its build in your ' +
      'package.json ("allowScripts": {"better-sqlite3": true}) and run `npm rebuild better-sqlite3`.',
    { cause: error },
  );
}
