import { describe, expect, it } from 'vitest';
import { formatSize } from './format-size.js';

describe('formatSize', () => {
  it('shows bytes, then KB and MB with one decimal', () => {
    expect(formatSize(812)).toBe('812 B');
    expect(formatSize(12_595)).toBe('12.3 KB');
    expect(formatSize(4.5 * 1024 * 1024)).toBe('4.5 MB');
    expect(formatSize(300 * 1024)).toBe('300 KB');
  });
});
