import { resolve } from 'node:path';
import { InvalidInputError } from '../../../shared/errors.js';
import { createLogger } from '../../../shared/logger.js';
import { DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_POLL_INTERVAL_MS, startGate } from '../../gate/start-gate.js';
import {
  bad,
  checkDataDir,
  clamdOption,
  parseCommandArgs,
  parseDuration,
  parseSize,
} from '../cli-options.js';
import type { CliIo, Command } from '../command.js';
import { loadScanPolicyFile } from './scan-policy-file.js';

const USAGE = `Usage: sekisho serve [options]

Runs the file gate on one machine: upload, scan, verdict stream, release, and the page.

Options:
  --port N               port to listen on (default 3000; 0 picks a free one)
  --host HOST            address to listen on (default 127.0.0.1)
  --data DIR             data directory: databases, quarantine, secrets (default ./data)
  --demo                 seed a demo candidate, company, operator and thread; write <data>/demo.json
  --clamd ADDRESS        add the ClamAV engine: tcp://HOST:PORT or unix:PATH
  --policy FILE          the built-in engine's accepted types (JSON, see docs/scanning.md)
  --user-upload-rate N   uploads one user may start per minute (default 30, burst 10; 0: no limit)
  --release MODE         stream (default: event-driven) or poll (the old per-interval batch)
  --poll-interval TIME   period of --release poll (default 60s; e.g. 500ms, 5s, 1m)
  --max-upload SIZE      upload limit (default 25MB; e.g. 512KB, 100MB, 1GB)
  --receipt-retention TIME
                         how long webhook receipts are kept against replays (default 7d;
                         pruned at most once an hour)
  --scan-workers N       worker threads of the built-in engine (default: CPU cores - 1, at least 1;
                         0 scans on the event loop, which stalls requests while a large file is scanned)

Environment:
  SEKISHO_WEBHOOK_SECRETS  comma-separated webhook secrets, the first signs (default: generated
                           into <data>/secrets.json on the first start)
  LOG_LEVEL                pino log level (default info); logs are JSON on stderr
`;

function usage(message: string): never {
  return bad('serve', message);
}

/** Reads the flags of `sekisho serve`, reporting the first wrong one with what it expects. */
export function parseServeArgs(argv: readonly string[]) {
  const { values } = parseCommandArgs('serve', argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    demo: { type: 'boolean' },
    clamd: { type: 'string' },
    release: { type: 'string' },
    'poll-interval': { type: 'string' },
    'max-upload': { type: 'string' },
    'scan-workers': { type: 'string' },
    'receipt-retention': { type: 'string' },
    policy: { type: 'string' },
    'user-upload-rate': { type: 'string' },
  });
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    usage(`--port must be 0 to 65535; got '${values.port}'`);
  const release = values.release ?? 'stream';
  if (release !== 'stream' && release !== 'poll') usage(`--release must be stream or poll; got '${release}'`);
  const pollText = values['poll-interval'];
  const pollIntervalMs = pollText === undefined ? DEFAULT_POLL_INTERVAL_MS : parseDuration(pollText);
  if (pollIntervalMs === null)
    usage(`--poll-interval must be a duration like 60s, 500ms or 1m; got '${pollText}'`);
  const sizeText = values['max-upload'];
  const maxUploadBytes = sizeText === undefined ? DEFAULT_MAX_UPLOAD_BYTES : parseSize(sizeText);
  if (maxUploadBytes === null) usage(`--max-upload must be a size like 25MB or 1GB; got '${sizeText}'`);
  const workersText = values['scan-workers'];
  const scanWorkers = workersText === undefined ? undefined : Number(workersText);
  if (scanWorkers !== undefined && (!/^\d+$/.test(workersText ?? '') || scanWorkers > 256))
    usage(`--scan-workers must be a whole number from 0 to 256; got '${workersText}'`);
  const retentionText = values['receipt-retention'];
  const receiptRetentionMs = retentionText === undefined ? undefined : parseDuration(retentionText);
  if (receiptRetentionMs === null)
    usage(`--receipt-retention must be a duration like 7d, 12h or 30m; got '${retentionText}'`);
  const clamd = values.clamd === undefined ? undefined : clamdOption('serve', values.clamd);
  const rateText = values['user-upload-rate'];
  const perMinute = rateText === undefined ? undefined : Number(rateText);
  if (perMinute !== undefined && (!/^\d+$/.test(rateText ?? '') || perMinute > 1_000_000))
    usage(`--user-upload-rate must be a whole number of uploads per minute (0: no limit); got '${rateText}'`);
  // 0 lifts the per-user limits (a benchmark of one user's load, or a trusted single-tenant setup).
  const uploadLimits =
    perMinute === undefined
      ? undefined
      : perMinute === 0
        ? null
        : { perMinute, burst: Math.max(10, Math.ceil(perMinute / 6)) };
  return {
    port,
    host: values.host ?? '127.0.0.1',
    dataDir: values.data ?? './data',
    demo: values.demo === true,
    release: release as 'stream' | 'poll',
    pollIntervalMs,
    maxUploadBytes,
    ...(clamd === undefined ? {} : { clamd }),
    ...(scanWorkers === undefined ? {} : { scanWorkers }),
    ...(receiptRetentionMs === undefined ? {} : { receiptRetentionMs }),
    ...(values.policy === undefined ? {} : { policyFile: values.policy }),
    ...(uploadLimits === undefined ? {} : { uploadLimits }),
  };
}

/**
 * The start-up failures an operator causes and can fix (a busy port, a data path that is not a
 * writable directory) as bad input naming the flag; anything else stays an unexpected error.
 */
function explainStartupFailure(
  error: unknown,
  options: { readonly host: string; readonly port: number; readonly dataDir: string },
): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const at = `${options.host}:${options.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new InvalidInputError(
        'PORT_IN_USE',
        `${at} is already in use by another process. Stop it, or choose another port with --port.`,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
      return new InvalidInputError(
        'HOST_UNAVAILABLE',
        `${options.host} is not an address of this machine. Pass one it has with --host (e.g. 127.0.0.1).`,
        { cause: error },
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new InvalidInputError(
        'PERMISSION_DENIED',
        `Permission denied opening ${at} or the data directory ${options.dataDir}: ${(error as Error).message}. Use a port above 1023 or a data directory you can write.`,
        { cause: error },
      );
    // SQLite's codes when the data directory is read-only (or its files are not sekisho's to write).
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY_DIRECTORY':
      return new InvalidInputError(
        'DATA_DIR_UNWRITABLE',
        `--data ${options.dataDir} cannot be written (read-only or permission denied). Pass a directory sekisho may write, or fix its permissions.`,
        { cause: error },
      );
    case 'EEXIST':
    case 'ENOTDIR':
      return new InvalidInputError(
        'DATA_DIR_INVALID',
        `--data ${options.dataDir} is not a directory (or has a file in its path). Pass a directory sekisho may create and write.`,
        { cause: error },
      );
    default:
      return error;
  }
}

/**
 * `stopped` resolves at the first SIGINT or SIGTERM, which from then on no longer ends the process
 * by itself; `forget` gives the signals back (when the gate could not start).
 */
function awaitStopSignal(io: CliIo): { stopped: Promise<void>; forget: () => void } {
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  const forget = () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
  let resolveStopped = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  function stop(signal: string): void {
    io.stdout.write(`sekisho serve: ${signal}, shutting down…\n`);
    forget();
    resolveStopped();
  }
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return { stopped, forget };
}

/** `sekisho serve`: runs until SIGINT/SIGTERM, then shuts down gracefully. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the file gate: upload, scan, verdict stream, release and the page',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const options = parseServeArgs(argv);
    await checkDataDir(options.dataDir, { create: true });
    const logger = createLogger({ name: 'sekisho-serve' });
    // The accepted-types policy is read before anything starts: a wrong file is bad input.
    const policy =
      options.policyFile === undefined
        ? undefined
        : await loadScanPolicyFile(resolve(io.cwd, options.policyFile));
    // Listening for the stop signals before the gate starts: it answers /healthz before startGate
    // resolves, and a supervisor that stops it then must get a graceful stop, not a killed process.
    const signal = awaitStopSignal(io);
    const running = await startGate({
      ...options,
      ...(policy === undefined ? {} : { policy }),
      logger,
      env: io.env,
    }).catch((error: unknown) => {
      signal.forget();
      throw explainStartupFailure(error, options);
    });
    io.stdout.write(
      `sekisho serve: ${running.url} (release: ${options.release}, data: ${options.dataDir})\n`,
    );
    if (running.demo !== null) {
      io.stdout.write(
        [
          'Demo:',
          `  candidate  ${running.url}/demo/candidate`,
          `  company    ${running.url}/demo/company`,
          `  operator   ${running.url}/demo/operator`,
          `  tokens in  ${options.dataDir}/demo.json`,
          '',
        ].join('\n'),
      );
    }
    await signal.stopped;
    await running.close();
    return 0;
  },
};
