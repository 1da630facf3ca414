/**
 * `sekisho`: run the file gate inside your own Node.js program. Small on purpose: the gate's wiring is
 * still moving, so only what a program needs to start and stop it is public. The triage is
 * `sekisho/triage`.
 *
 * Importing this module loads nothing heavy: the gate (SQLite, the HTTP server, the scanners) is
 * imported by {@link startGate} when it is first called. Running the gate needs `better-sqlite3`'s
 * native binding (see the README's install section).
 *
 * @example
 * ```ts
 * import { startGate } from 'sekisho';
 * const gate = await startGate({ dataDir: './data', port: 0 });
 * console.log(`gate on ${gate.url}`);
 * process.once('SIGTERM', () => void gate.close());
 * ```
 * @packageDocumentation
 */

import { packageVersion } from '../runtime/package-version.js';

export { SekishoError } from '../shared/errors.js';

/** Options of {@link startGate}; every field but `dataDir` has a default. */
export interface StartGateOptions {
  /** Data directory: databases, quarantine, webhook secrets; created when missing. */
  readonly dataDir: string;
  /** Address to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** Port to listen on; default 3000, 0 picks a free one. */
  readonly port?: number;
  /** Adds the ClamAV engine: `tcp://HOST:PORT` or `unix:PATH`; default the built-in engine only. */
  readonly clamd?: string;
  /** `stream` (event-driven, the default) or `poll` (the old per-interval batch). */
  readonly release?: 'stream' | 'poll';
  /** Period of `release: 'poll'` in milliseconds; default 60 000. */
  readonly pollIntervalMs?: number;
  /** Upload limit in bytes; default 25 MiB. */
  readonly maxUploadBytes?: number;
  /** Worker threads of the built-in engine; default CPU cores - 1 (at least 1), 0 scans on the event loop. */
  readonly scanWorkers?: number;
  /** Webhook secrets (the first signs, all verify); default `SEKISHO_WEBHOOK_SECRETS` or generated into the data directory. */
  readonly webhookSecrets?: readonly string[];
}

/** A gate running in this process. */
export interface StartedGate {
  /** Base URL of its HTTP server, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Graceful shutdown: finishes scans, drains the verdict stream, closes the server and the databases. */
  close(): Promise<void>;
}

/**
 * Starts the file gate (upload, scan, verdict stream, release, the page) in this process, as
 * `sekisho serve` does, and resolves once it listens.
 *
 * @throws SekishoError `SQLITE_BINDING_MISSING` when `better-sqlite3`'s native binding was not built.
 */
export async function startGate(options: StartGateOptions): Promise<StartedGate> {
  const { webhookSecrets, ...rest } = options;
  const { startGate: start } = await import('../runtime/gate/start-gate.js');
  const env =
    webhookSecrets === undefined
      ? process.env
      : { ...process.env, SEKISHO_WEBHOOK_SECRETS: webhookSecrets.join(',') };
  const running = await start({ ...rest, env });
  return { url: running.url, close: () => running.close() };
}

/** The installed sekisho's version, from its package.json. */
export const version: string = packageVersion();
