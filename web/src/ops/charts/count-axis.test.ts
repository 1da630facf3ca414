import { describe, expect, it } from 'vitest';
import { countAxis } from './count-axis.js';

describe('countAxis', () => {
  it('steps by whole numbers only and labels no fraction', () => {
    const axis = countAxis('Files');
    expect((axis.incrs as number[]).every(Number.isInteger)).toBe(true);
    expect((axis.incrs as number[])[0]).toBe(1);
    const values = axis.values as (u: unknown, splits: number[]) => string[];
    expect(values(null, [0, 0.5, 1, 2])).toEqual(['0', '', '1', '2']);
  });
});
