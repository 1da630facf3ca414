import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { InvalidInputError } from '../errors.js';

/**
 * Standard Webhooks (https://www.standardwebhooks.com/), the scheme the release function uses to
 * call the web app: `webhook-id`, `webhook-timestamp` (seconds), and
 * `webhook-signature: v1,<base64 HMAC-SHA256(id.timestamp.body)>`, several space-separated
 * signatures while keys rotate.
 */
export interface WebhookHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** The tolerance the spec recommends: a message older or newer than 5 minutes is refused. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = 'whsec_';

/** A new random secret in the spec's `whsec_<base64>` form (32 bytes of key). */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The key bytes of a secret: `whsec_<base64>` per the spec, or any other string taken as UTF-8. */
function keyOf(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

function sign(secret: string, id: string, timestamp: string, body: string): string {
  return createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/**
 * Signs `body` with every given secret (usually one; during a rotation, old and new) and returns
 * the three headers to send.
 */
export function signWebhook(input: {
  id: string;
  body: string;
  secrets: readonly string[];
  /** Epoch ms. */
  now: number;
}): WebhookHeaders {
  if (input.secrets.length === 0) throw new Error('signWebhook needs at least one secret');
  const timestamp = String(Math.floor(input.now / 1000));
  const signature = input.secrets
    .map((secret) => `v1,${sign(secret, input.id, timestamp, input.body)}`)
    .join(' ');
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
}

/** A signature that does not verify, or headers that are missing or malformed (401). */
export class SignatureInvalidError extends InvalidInputError {
  constructor(message: string) {
    super('SIGNATURE_INVALID', message, { status: 401 });
  }
}

/** A signed message whose timestamp is outside the tolerance: a replay or a skewed clock (401). */
export class SignatureExpiredError extends InvalidInputError {
  constructor(message: string) {
    super('SIGNATURE_EXPIRED', message, { status: 401 });
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // timingSafeEqual needs equal lengths; the length of an HMAC is public, so this leaks nothing.
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Verifies a webhook against any of `secrets` (all keys accepted during a rotation). Returns the
 * webhook id; throws {@link SignatureInvalidError} or {@link SignatureExpiredError}.
 */
export function verifyWebhook(input: {
  headers: Partial<Record<keyof WebhookHeaders, string | undefined>>;
  body: string;
  secrets: readonly string[];
  /** Epoch ms. */
  now: number;
  /** Default {@link DEFAULT_TOLERANCE_SECONDS}. */
  toleranceSeconds?: number;
}): { id: string; timestamp: number } {
  const id = input.headers['webhook-id'];
  const timestamp = input.headers['webhook-timestamp'];
  const signatures = input.headers['webhook-signature'];
  if (!id || !timestamp || !signatures)
    throw new SignatureInvalidError(
      'The webhook-id, webhook-timestamp and webhook-signature headers are all required (Standard Webhooks).',
    );
  if (!/^\d{1,12}$/.test(timestamp))
    throw new SignatureInvalidError('webhook-timestamp must be whole seconds since the epoch.');
  const seconds = Number(timestamp);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(input.now / 1000 - seconds) > tolerance)
    throw new SignatureExpiredError(
      `The webhook timestamp is more than ${tolerance} s away from the server's clock; send a fresh message.`,
    );
  const offered = signatures
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => s.slice(3));
  for (const secret of input.secrets) {
    const expected = sign(secret, id, timestamp, input.body);
    if (offered.some((candidate) => constantTimeEqual(candidate, expected)))
      return { id, timestamp: seconds };
  }
  throw new SignatureInvalidError('No webhook signature matches a configured secret.');
}
