import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseClamdAddress } from '../../adapters/clamd/parse-clamd-address.js';
import { InvalidInputError } from '../../shared/errors.js';

/**
 * The one place where the CLI reads and checks its options: every command parses through
 * {@link parseCommandArgs}, reports a wrong value through {@link usageError}, and shares the
 * parsers of durations, sizes, clamd addresses and the data directory, so that a flag means the
 * same thing (and is refused with the same words) in every command.
 */

/** A bad-usage error (exit 2) naming what was wrong and pointing to the command's `--help`. */
export function usageError(command: string, message: string): InvalidInputError {
  return new InvalidInputError('USAGE', `${message}. Run 'sekisho ${command} --help' for the options.`);
}

/** Throws {@link usageError}. */
export function bad(command: string, message: string): never {
  throw usageError(command, message);
}

/** Node's parser errors in sekisho's words: the option and what to do, without Node's hints. */
export function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-[^' ]+)/.exec(message ?? '')?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option '${option ?? '?'}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message?.includes('argument missing')
        ? `Option '${option ?? '?'}' needs a value`
        : `Option '${option ?? '?'}' takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const argument = /'([^']*)'/.exec(message ?? '')?.[1];
      return `Unexpected argument '${argument ?? '?'}'`;
    }
    default:
      return (message ?? String(error)).replace(/\.$/, '');
  }
}

/**
 * `node:util`'s `parseArgs` in strict mode, with its errors rewritten as one line of sekisho's
 * own (`Unknown option '--fromat'. Run 'sekisho scan --help' for the options.`).
 */
export function parseCommandArgs<const O extends OptionSpecs>(
  command: string,
  argv: readonly string[],
  options: O,
  allowPositionals = false,
): ParsedArgs<O> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals, strict: true });
    return { values: values as ParsedArgs<O>['values'], positionals };
  } catch (error) {
    return bad(command, describeParseError(error));
  }
}

/** The options a command declares: each a string or a boolean flag. */
export type OptionSpecs = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

/** What {@link parseCommandArgs} returns: each option's value (absent when not given) and the positionals. */
export interface ParsedArgs<O extends OptionSpecs> {
  readonly values: { readonly [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  readonly positionals: string[];
}

/** Parses `60s`, `500ms`, `2m`, `1h`, `7d` (a bare number is seconds) into milliseconds; null when invalid. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null) return null;
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    (match[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  const ms = Math.round(Number(match[1]) * factor);
  return ms > 0 ? ms : null;
}

/** Parses `25MB`, `512KB`, `1GB`, `1048576` (bytes) into bytes, binary units; null when invalid. */
export function parseSize(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/i.exec(text.trim());
  if (match === null) return null;
  const unit = (match[2] ?? 'B').toUpperCase().replace('IB', 'B');
  const factor = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[unit as 'B' | 'KB' | 'MB' | 'GB'];
  const bytes = Math.floor(Number(match[1]) * factor);
  return bytes > 0 ? bytes : null;
}

/**
 * Checks a `--clamd` value with the same parser the clamd adapter uses, so every command accepts
 * the same addresses (`tcp://HOST:PORT`, `tcp://[::1]:3310`, `unix:/path`); returns it unchanged.
 */
export function clamdOption(command: string, value: string): string {
  try {
    parseClamdAddress(value);
  } catch (error) {
    bad(command, `--clamd: ${(error as Error).message.replace(/\.$/, '')}`);
  }
  return value;
}

/**
 * Checks `--data DIR` before anything opens it. `create`: `serve` makes a missing directory;
 * the other commands only read what a server wrote, so a missing one is an error (not a new,
 * empty database). A path that is a file, or a directory sekisho cannot write, is refused with
 * words that name the flag.
 */
export async function checkDataDir(dir: string, options: { readonly create: boolean }): Promise<void> {
  const refuse = (code: string, message: string, cause: unknown): never => {
    throw new InvalidInputError(code, message, { cause });
  };
  const notDirectory = (cause: unknown) =>
    refuse(
      'DATA_DIR_INVALID',
      `--data ${dir} is not a directory (or has a file in its path). Pass a directory sekisho may create and write.`,
      cause,
    );
  const unwritable = (cause: unknown) =>
    refuse(
      'DATA_DIR_UNWRITABLE',
      `--data ${dir} cannot be written (read-only or permission denied). Pass a directory sekisho may write, or fix its permissions.`,
      cause,
    );
  try {
    if (options.create) await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await stat(dir);
    if (!info.isDirectory()) notDirectory(null);
    await access(dir, constants.W_OK);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    switch ((error as NodeJS.ErrnoException).code) {
      case 'ENOENT':
        return refuse(
          'DATA_DIR_MISSING',
          `--data ${dir} does not exist. Pass the data directory of a server ('sekisho serve --data DIR' creates it).`,
          error,
        );
      case 'EEXIST':
      case 'ENOTDIR':
        return notDirectory(error);
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
        return unwritable(error);
      default:
        throw error;
    }
  }
}
