import { describe, expect, it } from 'vitest';
import { CHAR_CLASS } from './pdf-lexer.js';
import { findNameMarks, PREFIX_NAMES, RELEVANT_NAMES } from './pdf-name-marks.js';

/** Every offset where `/name` (whole, but for a prefix name) or `#` occurs, by the plainest search there is. */
function naive(bytes: Buffer): number[] {
  const found = new Set<number>();
  for (const name of RELEVANT_NAMES) {
    const needle = Buffer.from(`/${name}`, 'latin1');
    for (let i = bytes.indexOf(needle); i !== -1; i = bytes.indexOf(needle, i + 1)) {
      const after = bytes[i + needle.length];
      if (PREFIX_NAMES.has(name) || after === undefined || CHAR_CLASS[after] !== 0) found.add(i);
    }
  }
  for (let i = bytes.indexOf(0x23); i !== -1; i = bytes.indexOf(0x23, i + 1)) found.add(i);
  return [...found].sort((a, b) => a - b);
}

describe('findNameMarks: where an object stream names something the PDF check acts on', () => {
  it.each(RELEVANT_NAMES)('finds /%s at the start, in the middle and at the very end', (name) => {
    const text = `/${name} << /Type /Font /F1 3 0 R /${name}>> (FS UF EF JS) /${name}`;
    const bytes = Buffer.from(text, 'latin1');
    expect(findNameMarks(bytes)).toEqual(naive(bytes));
    expect(findNameMarks(bytes)).toContain(0);
    expect(findNameMarks(bytes)).toContain(text.length - name.length - 1);
  });

  it('finds nothing in dictionaries that name none of them', () => {
    const bytes = Buffer.from(
      '<< /Type /Font /Subtype /Type1 /BaseFont /CMR10 /FirstChar 0 /Widths [1 2] /FontDescriptor 9 0 R >> << /S /GoTo /D [3 0 R /Fit] /Subtype /Link /URI (https://example.com/js) >>',
      'latin1',
    );
    expect(findNameMarks(bytes)).toEqual([]);
  });

  it('takes names whole: a font subset tag is not /JS or /EF, but /RichMediaExecute is rich media', () => {
    const text =
      '<< /FontName /JSWDKF+CMTT10 >> << /BaseFont /EFCTZZ+CMBX12 /UFO 1 >> << /S /RichMediaExecute >>';
    expect(findNameMarks(Buffer.from(text, 'latin1'))).toEqual([text.indexOf('/RichMedia')]);
    expect(findNameMarks(Buffer.from('<</JS(x)/EF<</F 1 0 R>>/UF[1]>>', 'latin1'))).toEqual([2, 8, 23]);
  });

  it('marks every # (an escape can spell any name)', () => {
    expect(findNameMarks(Buffer.from('<< /S /J#61vaScript >>', 'latin1'))).toEqual([8]);
  });

  it('agrees with a plain search on random bytes sown with the names', () => {
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let round = 0; round < 200; round++) {
      const parts: Buffer[] = [];
      for (let k = 0; k < 40; k++) {
        const choice = next() % 4;
        if (choice === 0)
          parts.push(Buffer.from(`/${RELEVANT_NAMES[next() % RELEVANT_NAMES.length]}`, 'latin1'));
        else if (choice === 1) parts.push(Buffer.from('/F /Filter /Encoding /GoTo /UR /J /E', 'latin1'));
        else parts.push(Buffer.from(Array.from({ length: next() % 30 }, () => next() & 0xff)));
      }
      const bytes = Buffer.concat(parts);
      expect(findNameMarks(bytes)).toEqual(naive(bytes));
    }
  });
});
