import { describe, expect, it } from 'vitest';
import { describeType } from './describe-type.js';

describe('describeType', () => {
  it('names a refused Windows program in words, with a whole short label for the icon', () => {
    expect(describeType('application/x-msdownload', 'setup.pdf', 'en')).toEqual({
      label: 'Windows program',
      short: 'EXE',
    });
    expect(describeType('application/x-msdownload', 'setup.pdf', 'ja').label).toBe('Windows のプログラム');
  });

  it('translates every label, text included', () => {
    expect(describeType('text/plain', 'notes.txt', 'ja')).toEqual({
      label: 'テキストファイル',
      short: 'TXT',
    });
    expect(describeType('application/pdf', 'cv.pdf', 'ja').label).toBe('PDF 文書');
  });

  it('gives an unknown type a generic name, and uses the extension before the scan', () => {
    expect(describeType('application/x-foo', 'a.foo', 'en')).toEqual({ label: 'Other file', short: 'FOO' });
    expect(describeType(null, '履歴書.docx', 'ja')).toEqual({ label: 'Word 文書', short: 'DOCX' });
    expect(describeType(null, 'README', 'en')).toEqual({ label: '—', short: '?' });
  });

  it('never gives an icon label longer than 4 characters', () => {
    for (const type of ['application/vnd.ms-cab-compressed', 'application/wasm', 'image/svg+xml', 'x/y'])
      expect(describeType(type, 'file.extension', 'en').short.length).toBeLessThanOrEqual(4);
  });
});
