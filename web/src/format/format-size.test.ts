import { describe, expect, it } from 'vitest';
import { formatLimit, formatSize } from './format-size.js';

describe('formatSize', () => {
  it('shows bytes, then KB and MB with one decimal', () => {
    expect(formatSize(812)).toBe('812 B');
    expect(formatSize(12_595)).toBe('12.3 KB');
    expect(formatSize(4.5 * 1024 * 1024)).toBe('4.5 MB');
    expect(formatSize(300 * 1024)).toBe('300 KB');
  });
});

describe('formatLimit', () => {
  it('words a limit as the server does in UPLOAD_TOO_LARGE', () => {
    expect(formatLimit(4 * 1024 * 1024)).toBe('4 MB');
    expect(formatLimit(25 * 1024 * 1024)).toBe('25 MB');
    expect(formatLimit(1024 ** 3)).toBe('1 GB');
    expect(formatLimit(512 * 1024)).toBe('512 KB');
    expect(formatLimit(100)).toBe('100 B');
  });
});
