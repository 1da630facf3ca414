/**
 * The one error base of sekisho. Every error that can reach a user carries a stable `code`
 * (it survives a process boundary, where `instanceof` does not), an HTTP status for the one place
 * that maps errors to responses, and a message that says what was wrong and what to do.
 */
export class SekishoError extends Error {
  readonly code: string;
  readonly status: number;
  /** Seconds a client should wait before trying again (sent as `Retry-After`); absent: no hint. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 500;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * The gate is too busy to take this request now: 429 when this user is over their share, 503 when
 * the whole gate is; always with `Retry-After`, so a client slows down instead of retrying at once.
 */
export class TooBusyError extends SekishoError {
  constructor(
    code: string,
    message: string,
    options: { status: 429 | 503; retryAfterSeconds: number; cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Input from a user or a caller was wrong; exit code 2 on the CLI, 4xx over HTTP. */
export class InvalidInputError extends SekishoError {
  constructor(code: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(code, message, { status: options.status ?? 400, cause: options.cause });
  }
}

/** The caller is not signed in, or its credentials are not valid: HTTP 401. */
export class AuthenticationError extends SekishoError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { status: 401, cause: options.cause });
  }
}

/** The caller is known but may not do this: HTTP 403. */
export class PermissionError extends SekishoError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { status: 403, cause: options.cause });
  }
}

/** What the caller asked for does not exist, or not for them (a file they may not see): HTTP 404. */
export class NotFoundError extends SekishoError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { status: 404, cause: options.cause });
  }
}

/** Configuration (environment, flags) is missing or wrong: names the variable and what it expects. */
export class ConfigError extends SekishoError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CONFIG_INVALID', message, { status: 500, cause: options.cause });
  }
}

/** Exhaustiveness guard for discriminated unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

/** The public face of any error: what a client or a terminal may see. Internals stay in the log. */
export function publicError(error: unknown): {
  code: string;
  message: string;
  status: number;
  retryAfterSeconds?: number;
} {
  if (error instanceof SekishoError)
    return {
      code: error.code,
      message: error.message,
      status: error.status,
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    };
  return {
    code: 'INTERNAL',
    message: 'An internal error occurred; the details are in the server log.',
    status: 500,
  };
}
