import type { ServerResponse } from 'node:http';
import { publicError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';

/** The Content-Security-Policy of every HTML response (docs/http-api.md, Pages). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Sends a JSON body with the given status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * The one place that maps an error to a response: `{ "error": { "code", "message" } }` with the
 * error's status. Unexpected errors are logged with their stack; the client sees only `INTERNAL`.
 */
export function sendError(
  res: ServerResponse,
  error: unknown,
  logger: Logger,
  closeConnection = false,
): void {
  const { code, message, status, retryAfterSeconds } = publicError(error);
  if (status >= 500) logger.error({ err: error, code }, 'request failed');
  else logger.debug({ code, message }, 'request refused');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (closeConnection) res.setHeader('connection', 'close');
  if (retryAfterSeconds !== undefined) res.setHeader('retry-after', String(Math.ceil(retryAfterSeconds)));
  sendJson(res, status, { error: { code, message } });
}
