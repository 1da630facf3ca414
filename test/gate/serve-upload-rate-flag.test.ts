import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src/runtime/cli/commands/serve.js';

describe('serve --user-upload-rate', () => {
  it('keeps the default limits when absent, lifts them with 0, and sets the rate and a burst otherwise', () => {
    expect('uploadLimits' in parseServeArgs([])).toBe(false);
    expect(parseServeArgs(['--user-upload-rate', '0']).uploadLimits).toBeNull();
    expect(parseServeArgs(['--user-upload-rate', '120']).uploadLimits).toEqual({ perMinute: 120, burst: 20 });
    expect(parseServeArgs(['--user-upload-rate', '12']).uploadLimits).toEqual({ perMinute: 12, burst: 10 });
  });

  it('refuses a value that is not a whole number, naming the flag', () => {
    for (const bad of ['fast', '1.5', '10/min', '1e3'])
      expect(() => parseServeArgs(['--user-upload-rate', bad])).toThrow(
        /--user-upload-rate must be a whole number/,
      );
  });
});
