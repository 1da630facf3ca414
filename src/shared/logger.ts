import { pino } from 'pino';

/** The logger shape the code depends on: pino's, narrowed to what we use. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

/**
 * JSON logs on stderr (stdout belongs to command output). `LOG_LEVEL` sets the level;
 * `silent` turns logging off, which the tests use.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    { name: options.name ?? 'sekisho', level: options.level ?? process.env.LOG_LEVEL ?? 'info' },
    pino.destination(2),
  );
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};
