import { describe, expect, it } from 'vitest';
import { toEpochMs } from './to-epoch-ms.js';

describe('toEpochMs', () => {
  it('reads ISO strings as Date.parse does, in every form the CLI and SDK dumps print', () => {
    for (const iso of [
      '2026-03-02T03:00:00Z',
      '2026-03-02T03:00:00.123Z',
      '2026-03-02T03:00:00.050000+00:00',
      '2026-03-02T12:00:00.870000+09:00',
      '2026-03-01T22:30:00.5-04:30',
      '2024-02-29T23:59:59.999999Z',
    ])
      expect(toEpochMs(iso), iso).toBe(Date.parse(iso.replace(/(\.\d{3})\d+/, '$1')));
  });

  it('reads epoch seconds (possibly fractional), epoch milliseconds, numeric strings and Dates', () => {
    expect(toEpochMs(1772420400)).toBe(1772420400000);
    expect(toEpochMs(1772420400.123)).toBe(1772420400123);
    expect(toEpochMs(1772420400123)).toBe(1772420400123);
    expect(toEpochMs('1772420400.5')).toBe(1772420400500);
    expect(toEpochMs(new Date(5))).toBe(5);
  });

  it('falls back to Date.parse for other forms and returns null for no time', () => {
    expect(toEpochMs('Mon, 02 Mar 2026 03:00:00 GMT')).toBe(Date.parse('Mon, 02 Mar 2026 03:00:00 GMT'));
    expect(toEpochMs('yesterday')).toBeNull();
    expect(toEpochMs('2026-13-02T03:00:00Z')).toBeNull();
    expect(toEpochMs(-1)).toBeNull();
    expect(toEpochMs(new Date(Number.NaN))).toBeNull();
  });
});
