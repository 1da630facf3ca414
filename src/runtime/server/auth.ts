import type { IncomingMessage } from 'node:http';
import type { AppStore, User } from '../../gate/app/app-store.js';
import { gateErrors } from '../../gate/app/gate-errors.js';

/** The session cookie the page uses (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'sekisho_session';

/** The token a request carries: `Authorization: Bearer`, else the session cookie. */
export function tokenOf(req: IncomingMessage): string | null {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1] ?? '';
  }
  return sessionTokenOf(req);
}

/** The session cookie's token, or null without one. */
export function sessionTokenOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeCookie(rest.join('='));
  }
  return null;
}

/** A malformed escape (`%E0%A4%A`) is an invalid token (401), not an exception (500). */
function decodeCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}

/** The signed-in user, or 401 UNAUTHENTICATED; the router calls it for every route that is not public. */
export function authenticate(req: IncomingMessage, app: AppStore): User {
  const token = tokenOf(req);
  if (token === null) throw gateErrors.signInRequired();
  const user = token === '' ? null : app.userByToken(token);
  if (user === null) throw gateErrors.tokenInvalid();
  return user;
}

/**
 * Whether the browser reached this server over https: a TLS socket, or a proxy in front saying so
 * with `X-Forwarded-Proto`. Trusting the header is safe here because it only ever adds `Secure`.
 */
export function cameOverHttps(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

/**
 * The Set-Cookie value that signs a browser in with `token` (or out, with null): HttpOnly,
 * SameSite=Strict, Path=/, and Secure when `secure` (the request came over https).
 */
export function sessionCookie(token: string | null, secure = false): string {
  const base = `${SESSION_COOKIE}=${token === null ? '' : encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
  return token === null ? `${base}; Max-Age=0` : base;
}
