import { describe, expect, it } from 'vitest';
import { MAX_DISPLAY_NAME_LENGTH, normaliseDisplayName } from '../../src/gate/files/display-name.js';

describe('normaliseDisplayName', () => {
  it('keeps Japanese names and composes them to NFC', () => {
    expect(normaliseDisplayName('履歴書_山田花子.pdf')).toBe('履歴書_山田花子.pdf');
    // "が" as "か" + combining dakuten (NFD, as macOS sends it) becomes one code point.
    expect(normaliseDisplayName('か\u3099いしゃ.pdf')).toBe('がいしゃ.pdf');
  });

  it('removes bidirectional overrides that disguise an extension', () => {
    expect(normaliseDisplayName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(normaliseDisplayName('a\u2066b\u2069c\u200Fd.txt')).toBe('abcd.txt');
  });

  it('removes control characters and replaces path separators', () => {
    expect(normaliseDisplayName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(normaliseDisplayName('C:\\Users\\cv.docx')).toBe('C:_Users_cv.docx');
    expect(normaliseDisplayName('cv\u0000\u0007\r\n.pdf')).toBe('cv.pdf');
    expect(normaliseDisplayName('a\uFF0Fb.pdf')).toBe('a_b.pdf');
  });

  it('drops leading dots and surrounding spaces, and names an empty result "file"', () => {
    expect(normaliseDisplayName('  .hidden  ')).toBe('hidden');
    expect(normaliseDisplayName('\u202E\u0000')).toBe('file');
  });

  it('shortens a very long name but keeps its extension', () => {
    const name = normaliseDisplayName(`${'あ'.repeat(500)}.pdf`);
    expect([...name]).toHaveLength(MAX_DISPLAY_NAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
