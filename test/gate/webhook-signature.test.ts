import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  SignatureExpiredError,
  SignatureInvalidError,
  signWebhook,
  verifyWebhook,
} from '../../src/shared/webhooks/webhook-signature.js';

const now = 1_764_000_000_000;
const body = '{"type":"verdict.written","data":{"fileId":"f_1","version":1}}';

describe('Standard Webhooks signatures', () => {
  it('signs id.timestamp.body with HMAC-SHA256 of the base64 key of a whsec_ secret', () => {
    const key = Buffer.alloc(32, 7);
    const secret = `whsec_${key.toString('base64')}`;
    const headers = signWebhook({ id: 'f_1:v1', body, secrets: [secret], now });
    const expected = createHmac('sha256', key)
      .update(`f_1:v1.${Math.floor(now / 1000)}.${body}`)
      .digest('base64');
    expect(headers).toEqual({
      'webhook-id': 'f_1:v1',
      'webhook-timestamp': String(now / 1000),
      'webhook-signature': `v1,${expected}`,
    });
  });

  it('verifies its own signature and returns the webhook id', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ id: 'f_1:v1', body, secrets: [secret], now });
    expect(verifyWebhook({ headers, body, secrets: [secret], now: now + 1000 }).id).toBe('f_1:v1');
  });

  it('accepts any configured secret during a rotation, and several signatures in one header', () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()];
    const signedWithBoth = signWebhook({ id: 'a', body, secrets: [newSecret, oldSecret], now });
    expect(signedWithBoth['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWebhook({ headers: signedWithBoth, body, secrets: [oldSecret], now }).id).toBe('a');
    const signedWithOld = signWebhook({ id: 'a', body, secrets: [oldSecret], now });
    expect(verifyWebhook({ headers: signedWithOld, body, secrets: [newSecret, oldSecret], now }).id).toBe(
      'a',
    );
  });

  it('refuses a forged signature, a changed body and a changed id', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ id: 'a', body, secrets: [secret], now });
    const other = generateWebhookSecret();
    expect(() => verifyWebhook({ headers, body, secrets: [other], now })).toThrow(SignatureInvalidError);
    expect(() => verifyWebhook({ headers, body: `${body} `, secrets: [secret], now })).toThrow(
      SignatureInvalidError,
    );
    expect(() =>
      verifyWebhook({ headers: { ...headers, 'webhook-id': 'b' }, body, secrets: [secret], now }),
    ).toThrow(SignatureInvalidError);
  });

  it('refuses a timestamp more than five minutes away, either way', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ id: 'a', body, secrets: [secret], now });
    expect(() => verifyWebhook({ headers, body, secrets: [secret], now: now + 301_000 })).toThrow(
      SignatureExpiredError,
    );
    expect(() => verifyWebhook({ headers, body, secrets: [secret], now: now - 301_000 })).toThrow(
      SignatureExpiredError,
    );
    expect(verifyWebhook({ headers, body, secrets: [secret], now: now + 299_000 }).id).toBe('a');
  });

  it('refuses missing headers and a malformed timestamp with SIGNATURE_INVALID (401)', () => {
    const secret = generateWebhookSecret();
    try {
      verifyWebhook({ headers: {}, body, secrets: [secret], now });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'SIGNATURE_INVALID', status: 401 });
    }
    const headers = signWebhook({ id: 'a', body, secrets: [secret], now });
    expect(() =>
      verifyWebhook({ headers: { ...headers, 'webhook-timestamp': '1e9' }, body, secrets: [secret], now }),
    ).toThrow(SignatureInvalidError);
  });
});
