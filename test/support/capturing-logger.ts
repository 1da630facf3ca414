import type { Logger } from '../../src/shared/logger.js';

/** One line a {@link capturingLogger} kept. */
export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly obj: Record<string, unknown>;
  readonly msg: string;
}

/** A logger that keeps info, warn and error lines in `lines` (children write to the same list). */
export function capturingLogger(lines: LogLine[]): Logger {
  const keep =
    (level: LogLine['level']) =>
    (obj: object, msg = '') =>
      void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  const logger: Logger = {
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    debug() {},
    child: () => logger,
  };
  return logger;
}
