import { describe, expect, it } from 'vitest';
import { typeLabel } from './file-types.js';
import { defaultScanPolicy, parseScanPolicy } from './scan-policy.js';

describe('the accepted-types policy', () => {
  it('accepts by default the documents people send, and no programs', () => {
    for (const mime of [
      'application/pdf',
      'text/plain',
      'application/vnd.oasis.opendocument.text',
      'image/png',
    ])
      expect(defaultScanPolicy.accept.has(mime)).toBe(true);
    for (const mime of ['application/x-msdownload', 'image/svg+xml', 'text/html', 'application/x-empty'])
      expect(defaultScanPolicy.accept.has(mime)).toBe(false);
  });

  it('reads "default" plus extra types', () => {
    const parsed = parseScanPolicy({ accept: ['default', 'image/svg+xml'] });
    if (!('policy' in parsed)) throw new Error(parsed.problems.join());
    expect(parsed.policy.accept.has('image/svg+xml')).toBe(true);
    expect(parsed.policy.accept.size).toBe(defaultScanPolicy.accept.size + 1);
  });

  it('reports every problem at once', () => {
    expect(parseScanPolicy({ accept: ['application/pdf', 'pdf', 7], also: true })).toEqual({
      problems: [
        'unknown field "also" (the only field is "accept")',
        '"pdf" is not a type the built-in engine detects (see docs/scanning.md for the list)',
        '7 is not a type the built-in engine detects (see docs/scanning.md for the list)',
      ],
    });
    expect(parseScanPolicy([])).toHaveProperty('problems');
    expect(parseScanPolicy({ accept: [] })).toHaveProperty('problems');
  });
});

describe('typeLabel', () => {
  it.each([
    ['application/x-msdownload', 'Windows program', 'Windows のプログラム'],
    ['application/pdf', 'PDF document', 'PDF 文書'],
    ['application/x-empty', 'Empty file', '空のファイル'],
    ['application/vnd.oasis.opendocument.text', 'OpenDocument text', 'OpenDocument テキスト'],
    [null, 'Other file', 'その他のファイル'],
    ['application/x-something-new', 'Other file', 'その他のファイル'],
  ])('labels %s in words', (mime, en, ja) => {
    expect(typeLabel(mime)).toEqual({ en, ja });
  });
});
