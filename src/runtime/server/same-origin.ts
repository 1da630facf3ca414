import type { IncomingMessage } from 'node:http';
import { InvalidInputError } from '../../shared/errors.js';
import { SESSION_COOKIE } from './auth.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a cross-site state-changing request that a browser would authenticate with the
 * session cookie (CSRF), or that would sign a browser in (`POST /api/session`, login CSRF).
 * SameSite=Strict already keeps the cookie off cross-site requests; this is the second lock
 * (OWASP CSRF cheat sheet, "verifying origin with standard headers") for older browsers and
 * same-site subdomains. A request with `Authorization` is not at risk: a page cannot make a
 * browser add that header cross-origin without a CORS preflight this server never grants.
 * The origin is compared with the `Host` header: a proxy in front must pass `Host` through.
 */
export function assertSameOrigin(req: IncomingMessage, pathname: string): void {
  if (SAFE_METHODS.has(req.method ?? 'GET') || req.headers.authorization !== undefined) return;
  const usesCookie = (req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`);
  if (!usesCookie && pathname !== '/api/session') return;
  const origin = req.headers.origin;
  const fetchSite = req.headers['sec-fetch-site'];
  const sameOrigin =
    origin !== undefined
      ? hostOf(origin) === req.headers.host?.toLowerCase()
      : fetchSite === undefined || fetchSite === 'same-origin';
  if (!sameOrigin)
    throw new InvalidInputError(
      'ORIGIN_FORBIDDEN',
      'A request signed in with the session cookie must come from this site; send it from the page or with Authorization: Bearer.',
      { status: 403 },
    );
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
