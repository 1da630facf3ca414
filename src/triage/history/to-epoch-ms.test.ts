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

describe('toEpochMs fast path', () => {
  it('equals Date.UTC for every month start, leap day, day rollover and offset across the calendar', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    for (const year of [100, 400, 1600, 1899, 1900, 1969, 1970, 1999, 2000, 2024, 2026, 2100, 2400, 9999])
      for (let month = 1; month <= 12; month++)
        for (const day of [1, 28, 29, 30, 31])
          for (const [zone, offsetMin] of [
            ['Z', 0],
            ['+09:00', 540],
            ['-04:30', -270],
          ] as const) {
            const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}T23:59:58.999${zone}`;
            const expected = Date.UTC(year, month - 1, day, 23, 59, 58, 999) - offsetMin * 60_000;
            expect(toEpochMs(iso), iso).toBe(expected);
          }
  });

  it('reads years 0-99 as Date.UTC does (1900-1999) and rejects non-digits in any field', () => {
    expect(toEpochMs('0050-01-01T00:00:00Z')).toBe(Date.UTC(50, 0, 1));
    expect(toEpochMs('20x6-01-01T00:00:00Z')).toBe(null);
    expect(toEpochMs('2026-01-01T00:0x:00Z')).toBe(null);
    expect(toEpochMs('2026-01-01T00:00:00+0x:00')).toBe(null);
  });
});
