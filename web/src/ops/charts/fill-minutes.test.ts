import { describe, expect, it } from 'vitest';
import { fillMinutes } from './fill-minutes.js';

const MINUTE = 60_000;

describe('fillMinutes', () => {
  it('returns the 60 minutes ending at now, zero where the API had nothing', () => {
    const now = 1000 * MINUTE + 30_000;
    const rows = fillMinutes([{ t: 990 * MINUTE, count: 4 }], now, { count: 0 });
    expect(rows).toHaveLength(60);
    expect(rows[0]?.t).toBe(941 * MINUTE);
    expect(rows[59]?.t).toBe(1000 * MINUTE);
    expect(rows.find((r) => r.t === 990 * MINUTE)?.count).toBe(4);
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(4);
  });
});
