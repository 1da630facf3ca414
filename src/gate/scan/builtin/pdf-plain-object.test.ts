import { describe, expect, it } from 'vitest';
import {
  directLength,
  objectHeaderEnd,
  plainObjectEnd,
  streamDataStart,
  xrefTableEnd,
} from './pdf-plain-object.js';

/** The body after `1 0 obj\n`, as the inspector meets it: where does the plain object end? */
const endOf = (body: string, limit = 64 * 1024) => {
  const bytes = Buffer.from(`1 0 obj\n${body}`, 'latin1');
  const end = plainObjectEnd(bytes, 8, limit);
  return end === -1 ? null : bytes.subarray(8, end).toString('latin1');
};

describe('plainObjectEnd: objects the PDF check may step over', () => {
  it('steps over a structure element: dictionaries, arrays, names, numbers, references', () => {
    const body = '<</Type /StructElem /S /P /P 12 0 R /K [0 1 <</Type /MCR /Pg 5 0 R /MCID 2>>]>>\n';
    expect(endOf(`${body}endobj\n`)).toBe(body);
    expect(endOf('<<>>endobj ')).toBe('<<>>');
  });

  it.each([
    ['a name it acts on', '<</S /JavaScript /JS 9 0 R>>'],
    ['a rich-media name, which counts as the start of longer ones', '<</S /RichMediaExecute>>'],
    ['an attachment', '<</EF <</F 3 0 R>>>>'],
    ['an object stream', '<</Type /ObjStm>>'],
    ['an escape that may spell any name', '<</S /J#61vaScript>>'],
    ['a string that never closes', '<</T (endobj>>'],
    ['a hex string that is not one (a broken `<<`)', '<</A \0< /S /URI >>'],
    ['a file specification by string', '<</F (annex.pdf)>>'],
    ['a file specification by hex string', '<</F <616e6e6578>>>'],
    ['a comment', '<</K 1 % endobj\n>>'],
    ['containers that do not close', '<</K [1 2'],
    ['containers that close out of turn', '<</K [1 >> ]'],
    ['a stray >', '<</K 1> >>'],
    ['a trailer', '<<>> trailer <</Root 1 0 R>>'],
  ])('reads an object with %s', (_, body) => {
    expect(endOf(`${body}\nendobj\n`)).toBeNull();
  });

  it('steps over strings as the lexer reads them: what they hold counts for nothing', () => {
    const link =
      '<</Type /Annot /Subtype /Link /F 4 /A <</S /URI /URI (https://example.com/JavaScript/Launch endobj)>>>>\n';
    expect(endOf(`${link}endobj\n`)).toBe(link);
    const escaped = '<</Alt (a \\) b \\( c \\\\ d \\051 (e) endobj) /T <FEFF 0041>>>\n';
    expect(endOf(`${escaped}endobj\n`)).toBe(escaped);
  });

  it('needs the whole object within the limit and the bytes, and `endobj` as a keyword', () => {
    expect(endOf('<</K [1 2 3]>>\nendobj\n', 10)).toBeNull();
    expect(endOf('<</K 1>>\nendobj')).toBeNull(); // what follows is in the next chunk
    expect(endOf('<</K 1>>\n')).toBeNull();
    expect(endOf('<</Xendobj 1>>\nendobj\n')).toBe('<</Xendobj 1>>\n');
  });

  it('takes a name the check acts on only whole: a font subset tag that starts with one is plain', () => {
    const font = '<</Type /FontDescriptor /FontName /JSWDKF+LMMono9-Regular /Flags 4>>\n';
    expect(endOf(`${font}endobj\n`)).toBe(font);
    expect(endOf('<</BaseFont /EFCTZZ+CMBX12 /UFX 1 /FSType 0>>\nendobj\n')).not.toBeNull();
    expect(endOf('<</JS 9 0 R>>\nendobj\n')).toBeNull();
    expect(endOf('<</JS(x)>>\nendobj\n')).toBeNull();
  });

  it('takes stream and trailer as keywords only where a token starts', () => {
    expect(endOf('<</S /Upstream /T (x)>>\nendobj\n')).toBe('<</S /Upstream /T (x)>>\n');
    expect(endOf('<</S /P>>\ntrailer\nendobj\n')).toBeNull();
  });

  it('ends a stream whose dictionary is plain at its stream keyword, as the parser does', () => {
    const dict = '<</Length 3 /Filter /FlateDecode /Type /XObject /Subtype /Form>>\n';
    expect(endOf(`${dict}stream\nabc\nendstream\nendobj\n`)).toBe(dict);
    expect(endOf(`${dict}stream\r\nabc\nendstream\nendobj\n`)).toBe(dict);
  });

  it.each([
    ['a cross-reference stream (a trailer)', '<</Type /XRef /Size 9>>stream\n'],
    [
      "a trailer's other document",
      '<</Size 9 /AdditionalStreams [/application/vnd.oasis.opendocument.text 5 0 R]>>stream\n',
    ],
    ['no dictionary before it', '[1 2]stream\n'],
    ['a word between the dictionary and it', '<</Length 3>> x stream\n'],
    ['no end of line after it', '<</Length 3>>stream abc'],
    ['it inside the dictionary', '<</K [1 stream\n'],
    ['an end of line cut by the end of the bytes', '<</Length 3>>stream'],
  ])('leaves a stream to the parser with %s', (_, body) => {
    expect(endOf(body)).toBeNull();
  });
});

describe('streamDataStart: where the data after `stream` begins', () => {
  const start = (text: string) => streamDataStart(Buffer.from(text, 'latin1'), 0);
  it('skips the end of line: LF, CRLF, or a lone CR', () => {
    expect(start('stream\n\nabc')).toBe(7);
    expect(start('stream\r\nabc')).toBe(8);
    expect(start('stream\rabc')).toBe(7);
    expect(start('stream\r')).toBe(-1);
  });
});

/** What objectHeaderEnd finds at the start of `text`: the header, or null. */
const headerOf = (text: string) => {
  const bytes = Buffer.from(text, 'latin1');
  const header = { num: -1, start: -1 };
  const end = objectHeaderEnd(bytes, 0, header);
  return end === -1
    ? null
    : { header: bytes.subarray(header.start, end).toString('latin1'), num: header.num, start: header.start };
};

describe('objectHeaderEnd: the next object header, read without the lexer', () => {
  it('reads `N G obj` and one whitespace byte after whitespace, from the first digit', () => {
    expect(headerOf('12 0 obj\n<<>>')).toEqual({ header: '12 0 obj\n', num: 12, start: 0 });
    expect(headerOf('\r\n 7\t0  obj <<>>')).toEqual({ header: '7\t0  obj ', num: 7, start: 3 });
  });

  it.each([
    ['a comment before it', '% note\n12 0 obj\n'],
    ['another keyword', 'xref\n0 1\n'],
    ['no whitespace after obj (the lexer reads it)', '12 0 obj<<>>'],
    ['a word that only starts with obj', '12 0 objx\n'],
    ['a number too long to be an object number', '12345678901 0 obj\n'],
    ['a sign or a dot', '-1 0 obj\n'],
    ['a header cut by the end of the bytes', '12 0 obj'],
    ['only numbers', '12 0 '],
  ])('leaves the lexer %s', (_, text) => {
    expect(headerOf(text)).toBeNull();
  });
});

describe("directLength: a stream dictionary's /Length when it is a number", () => {
  const length = (dict: string) => {
    const bytes = Buffer.from(dict, 'latin1');
    return directLength(bytes, 0, bytes.length);
  };
  it('reads the key itself, given once, as a number', () => {
    expect(length('<< /Length 12 >>')).toBe(12);
    expect(length('<</Length 12/Filter/FlateDecode>>')).toBe(12);
    expect(length('<< /Length1 5 /Length2 6 /Length 7 >>')).toBe(7);
  });
  it.each([
    ['a reference', '<< /Length 12 0 R >>'],
    ['no length', '<< /Filter /FlateDecode >>'],
    ['two of them', '<< /Length 3 /Length 4 >>'],
    ['a length that is not a number', '<< /Length /Big >>'],
    ['only a longer name', '<< /Length1 5 >>'],
  ])('gives -1 for %s', (_, dict) => {
    expect(length(dict)).toBe(-1);
  });
});

describe('xrefTableEnd: a cross-reference table, stepped over entry by entry', () => {
  const entries = ['0000000000 65535 f \n', '0000000015 00000 n \n', '0000000074 00000 n\r\n'];
  const table = `xref\n0 3\n${entries.join('')}5 1\r\n0000000123 00001 n \r`;
  const endOfTable = (text: string) => xrefTableEnd(Buffer.from(text, 'latin1'), 0);

  it('goes past every section to what follows', () => {
    expect(endOfTable(`\n${table}trailer\n<<>>`)).toBe(table.length + 1);
  });

  it('stops after the last whole entry when the bytes end inside one, or one breaks the format', () => {
    const cut = `${table.slice(0, table.indexOf('0000000074') + 5)}`;
    expect(endOfTable(cut)).toBe(table.indexOf('0000000074'));
    const short = 'xref\n0 2\n0000000000 65535 f\n0000000015 00000 n\n';
    // Entries of 19 bytes: none is stepped over, the lexer reads the table.
    expect(endOfTable(short)).toBe('xref'.length);
    expect(endOfTable(`xref\n0 2\n${entries[0]}<< /S /JavaScript >>`)).toBe(
      `xref\n0 2\n${entries[0]}`.length,
    );
  });

  it('is not a table without the keyword', () => {
    expect(endOfTable('xrefs\n0 1\n')).toBe(-1);
    expect(endOfTable('% xref\n')).toBe(-1);
    expect(endOfTable('trailer\n<<>>')).toBe(-1);
  });
});
