import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../shared/errors.js';
import { parseClamdAddress } from './parse-clamd-address.js';

describe('parseClamdAddress', () => {
  it.each([
    ['tcp://127.0.0.1:3310', { kind: 'tcp', host: '127.0.0.1', port: 3310 }],
    ['tcp://clamd.internal:3310', { kind: 'tcp', host: 'clamd.internal', port: 3310 }],
    ['tcp://[::1]:3310', { kind: 'tcp', host: '::1', port: 3310 }],
    ['unix:/run/clamav/clamd.ctl', { kind: 'unix', path: '/run/clamav/clamd.ctl' }],
    ['unix:///run/clamav/clamd.ctl', { kind: 'unix', path: '/run/clamav/clamd.ctl' }],
  ])('reads %s', (text, expected) => {
    expect(parseClamdAddress(text)).toEqual(expected);
  });

  it.each([
    ['127.0.0.1:3310', 'must start with tcp:// or unix:'],
    ['tcp://127.0.0.1', 'expected tcp://HOST:PORT'],
    ['tcp://127.0.0.1:70000', 'outside 1-65535'],
    ['unix:clamd.ctl', 'must be absolute'],
  ])('refuses %s with a clear message', (text, why) => {
    let error: unknown;
    try {
      parseClamdAddress(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe('CLAMD_ADDRESS_INVALID');
    expect((error as Error).message).toContain(why);
  });
});
