// Office and OpenDocument files for the real-document corpus (scripts/build-corpus.ts), from writers
// other than the ones its first sources cover: Microsoft Word, Excel and PowerPoint (Windows and
// Mac), Excel 95/97, StarOffice and OpenOffice.org, LibreOffice, the ODF Toolkit, xlsx-populate
// and hand-made test workbooks. Everything comes from Debian packages (`apt-get download` +
// `dpkg-deb`, never installed) and npm tarballs (`npm pack`, never installed), into folders of
// its own under the corpus folder so that the main script's unpacking loop never sees them.
//
// Each file gets a kind by its writer family, so the bench prints a row for each:
//   office-word, office-excel, office-powerpoint   OOXML documents (accepted)
//   office-legacy                                  Word/Excel 97-2003 and Excel 95 files (accepted)
//   odf-other                                      OpenDocument from StarOffice, OpenOffice.org, ODFDOM, Excel (accepted)
//   odf-calligra                                   OpenDocument from Calligra and KOffice (accepted)
//   odf-macro                                      OpenDocument files that carry Basic libraries or bind Java scripts (refused)
//   office-vba-project                             Excel 97 workbooks that carry a VBA project (refused, see parseExcel)
//   office-encrypted                               password-protected OOXML (refused: nothing inside can be inspected)
//   office-not-accepted                            real files of types the default policy does not take (refused)
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { buildZip } from '../../test/fixtures/files/build-zip.js';
import { type CorpusItem, walk } from './corpus-files.js';

/** The accepted kind of an Office or OpenDocument file, by its extension. */
function kindOf(file: string): string {
  const ext = extname(file).slice(1).toLowerCase();
  if (ext === 'docx' || ext === 'dotx') return 'office-word';
  if (ext === 'xlsx' || ext === 'xltx') return 'office-excel';
  if (ext === 'pptx' || ext === 'potx') return 'office-powerpoint';
  if (ext === 'doc' || ext === 'xls') return 'office-legacy';
  return 'odf-other';
}
const DOCUMENT = /\.(docx|dotx|xlsx|xltx|xlsm|pptx|potx|doc|xls|ppt|od[tspgc]|ot[tspg]|sx[wcid])$/i;

/** The kinds whose files really carry what the policy refuses, or are of a type it does not take. */
const REFUSED = new Set(['odf-macro', 'office-vba-project', 'office-encrypted', 'office-not-accepted']);

class Collector {
  readonly items: CorpusItem[] = [];
  constructor(private readonly dir: string) {}

  /** Unpacks Debian package `pkg` into DIR/office-x/pkg (once), keeping only paths that match `keep`. */
  deb(pkg: string, keep = '*'): string {
    const into = join(this.dir, 'office-x', pkg);
    if (existsSync(into)) return into;
    const debs = join(this.dir, 'office-debs');
    mkdirSync(debs, { recursive: true });
    execFileSync('apt-get', ['download', pkg], { cwd: debs, stdio: ['ignore', 'ignore', 'inherit'] });
    const deb = readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
    if (deb === undefined) throw new Error(`apt-get download ${pkg} left no .deb in ${debs}`);
    const partial = `${into}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    // dpkg-deb | tar with wildcards: a large package (the LibreOffice SDK's documentation is
    // 580 MB) gives up only the few files wanted, and its .deb is deleted once they are out.
    execFileSync('sh', [
      '-c',
      'dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --wildcards "$3"',
      'sh',
      join(debs, deb),
      partial,
      keep,
    ]);
    rmSync(join(debs, deb));
    execFileSync('mv', [partial, into]);
    return into;
  }

  /** Unpacks npm package `spec` (name@version) into DIR/office-npm/name (once). */
  npm(spec: string): string {
    const dir = join(this.dir, 'office-npm');
    const into = join(dir, spec.replace(/@[^@]*$/, ''));
    if (existsSync(into)) return into;
    mkdirSync(dir, { recursive: true });
    const tarball = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', into]);
    rmSync(join(dir, tarball));
    return into;
  }

  /** Copies `file` (found under `root`, given by `origin`) into DIR/corpus/KIND under a unique name. */
  take(file: string, root: string, origin: string, kind = kindOf(file), note?: string): void {
    const folder = join(this.dir, 'corpus', kind);
    mkdirSync(folder, { recursive: true });
    const name = basename(file);
    let target = join(folder, name);
    for (let i = 2; existsSync(target); i++) target = join(folder, `${i}-${name}`);
    copyFileSync(file, target);
    this.items.push({
      path: relative(this.dir, target),
      kind,
      expect: REFUSED.has(kind) ? 'refuse' : 'accept',
      source: `${origin}: ${relative(root, file)}${note === undefined ? '' : ` (${note})`}`,
    });
  }

  /** Every Office or OpenDocument file under `root`, each by its own kind unless `kind` says. */
  documents(root: string, origin: string, kind?: (file: string) => string | undefined): void {
    for (const f of walk(root).filter((f) => DOCUMENT.test(f))) this.take(f, root, origin, kind?.(f));
  }
}

/**
 * r-cran-officer: the templates officer builds from (template.docx, template.pptx, template.xlsx)
 * and its examples, made by Microsoft Word, PowerPoint and Excel for Mac and Word for Windows.
 */
function rOfficer(c: Collector): void {
  c.documents(c.deb('r-cran-officer', '*officer/*'), 'r-cran-officer');
}

/**
 * xlsx2csv: its test workbooks, mostly saved by Microsoft Excel, one by LibreOffice, and several
 * written by hand or by other tools (no application named) to exercise odd corners: cells without
 * references, unusual namespaces, junk. Its two .xlsm files have no VBA project, but a macro-enabled
 * workbook is a type the default policy refuses by its content type.
 */
function xlsx2csv(c: Collector): void {
  c.documents(c.deb('xlsx2csv', '*/examples/*'), 'xlsx2csv', (f) =>
    f.endsWith('.xlsm') ? 'office-not-accepted' : undefined,
  );
}

/**
 * libspreadsheet-parseexcel-perl: Spreadsheet::ParseExcel's sample workbooks, saved by Excel 95
 * (BIFF5) and Excel 97 (BIFF8), Japanese ones among them. Test97.xls and Test97J.xls carry a VBA
 * project (_VBA_PROJECT_CUR) whose document modules hold only `Attribute` lines, but whose compiled
 * cache (p-code) cannot be read by the engine, and VBA stomping hides code exactly there: refused.
 */
function parseExcel(c: Collector): void {
  c.documents(
    c.deb('libspreadsheet-parseexcel-perl', '*/examples/*'),
    'libspreadsheet-parseexcel-perl',
    (f) => (/Test97J?\.xls$/.test(f) ? 'office-vba-project' : undefined),
  );
}

/**
 * Perl and Python spreadsheet packages' examples: OLE::Storage_Lite's test.xls (written by that
 * module), Spreadsheet::WriteExcel's external chart workbooks (Excel-made), xlrd's namesdemo.xls
 * (Excel-made), and rio's iris.xls and mtcars.ods (the .ods saved by Microsoft Excel 2013).
 */
function perlPythonRExamples(c: Collector): void {
  c.documents(c.deb('libole-storage-lite-perl', '*/examples/*'), 'libole-storage-lite-perl');
  c.documents(c.deb('libspreadsheet-writeexcel-perl', '*/examples/*'), 'libspreadsheet-writeexcel-perl');
  c.documents(c.deb('python3-xlrd', '*/examples/*'), 'python3-xlrd');
  c.documents(c.deb('r-cran-rio', '*/rio/examples/*'), 'r-cran-rio');
}

/**
 * libodfdom-java: the ODF Toolkit's blank documents, written by ODFDOM itself and kept inside its
 * jar (text, spreadsheet, presentation, drawing; the chart is a type the default policy refuses).
 */
function odfdom(c: Collector): void {
  const root = c.deb('libodfdom-java', '*/odfdom-java.jar');
  const into = join(root, 'templates');
  if (!existsSync(into)) {
    const jar = walk(root).find((f) => f.endsWith('odfdom-java.jar'));
    if (jar === undefined) throw new Error(`libodfdom-java: no odfdom-java.jar under ${root}`);
    execFileSync('unzip', ['-q', '-o', jar, '*.od?', '-d', into]);
  }
  c.documents(into, 'libodfdom-java (odfdom-java.jar)', (f) =>
    f.endsWith('.odc') ? 'office-not-accepted' : undefined,
  );
}

/**
 * libreoffice-dev-doc: the LibreOffice SDK's example documents, saved by StarOffice 8,
 * OpenOffice.org 3 and LibreOffice 4 to 6. Most are Basic examples and carry their Basic
 * library (Basic/…), two bind Java scripts of the scripting framework (vnd.sun.star.script:…
 * ?language=Java): real macro documents, refused. Only the .od? files are unpacked from the 580 MB package.
 */
function libreOfficeSdk(c: Collector): void {
  const root = c.deb('libreoffice-dev-doc', '*.od[tspg]');
  for (const f of walk(root).filter((f) => DOCUMENT.test(f))) {
    const listing = execFileSync('unzip', ['-Z1', f], { encoding: 'utf8' });
    const active =
      listing.split('\n').some((n) => n.startsWith('Basic/')) || /SayHello|ScriptSelector/.test(f);
    c.take(f, root, 'libreoffice-dev-doc', active ? 'odf-macro' : 'odf-other');
  }
}

/**
 * Calligra's data packages: the templates of Calligra Words, Sheets and Stage (written by Calligra
 * and KOffice) and a sample of its drawing stencils (.odg, most written by OpenOffice.org 3.3).
 * Calligra Sheets' own .kst templates are bare KSpread XML, not OpenDocument, and are left out.
 */
function calligra(c: Collector): void {
  for (const pkg of ['calligrawords-data', 'calligrastage-data', 'calligrasheets-data']) {
    const root = c.deb(pkg, '*/templates/*.o[dt][tsp]');
    for (const f of walk(root).filter((f) => DOCUMENT.test(f))) c.take(f, root, pkg, 'odf-calligra');
  }
  const root = c.deb('calligra-data', '*/stencils/*.odg');
  const stencils = walk(root)
    .filter((f) => f.endsWith('.odg'))
    .sort();
  const step = Math.ceil(stencils.length / 60);
  for (const f of stencils.filter((_, i) => i % step === 0)) c.take(f, root, 'calligra-data', 'odf-calligra');
}

/** libreoffice-smoketest-data: smoketestdoc.sxw, an OpenOffice.org 1.x (StarOffice XML) file with Basic: refused. */
function smoketest(c: Collector): void {
  c.documents(
    c.deb('libreoffice-smoketest-data', '*.sxw'),
    'libreoffice-smoketest-data',
    () => 'office-not-accepted',
  );
}

/**
 * npm mammoth@1.13.0: the .docx files of its tests, saved by Microsoft Word, one by LibreOffice 3.5,
 * three assembled by its author (no application named: empty, BOM, strict-format cases).
 */
function mammoth(c: Collector): void {
  const root = c.npm('mammoth@1.13.0');
  c.documents(join(root, 'package', 'test', 'test-data'), 'npm mammoth@1.13.0');
}

/** npm carbone@3.8.2: its example templates, movies.docx (Word for Mac) and an .odt and .ods (LibreOffice 5.3 on macOS). */
function carbone(c: Collector): void {
  const root = c.npm('carbone@3.8.2');
  c.documents(join(root, 'package', 'examples'), 'npm carbone@3.8.2');
}

/** npm docx4js@3.3.0: its blank.docx template (Word) and test files from Word, Excel and PowerPoint for Mac. */
function docx4js(c: Collector): void {
  c.documents(join(c.npm('docx4js@3.3.0'), 'package'), 'npm docx4js@3.3.0');
}

/**
 * npm xlsx-populate@1.21.0: its examples, a template saved by Excel and the workbooks xlsx-populate
 * writes from it; examples/encryption holds password-protected ones (an Agile-encrypted package in a
 * compound file), refused because nothing inside can be inspected.
 */
function xlsxPopulate(c: Collector): void {
  const root = c.npm('xlsx-populate@1.21.0');
  c.documents(join(root, 'package', 'examples'), 'npm xlsx-populate@1.21.0', (f) =>
    f.includes('/encryption/') ? 'office-encrypted' : undefined,
  );
}

/**
 * pandoc-data: the parts of pandoc's reference.docx, reference.pptx and reference.odt (Word,
 * PowerPoint and LibreOffice made them; pandoc's authors trimmed them), zipped here as pandoc
 * zips them when it writes a document: `mimetype` first and stored, for the .odt.
 */
function pandoc(c: Collector): void {
  const root = c.deb('pandoc-data', '*/pandoc/data/*');
  const made = join(root, 'reference');
  mkdirSync(made, { recursive: true });
  for (const format of ['docx', 'pptx', 'odt']) {
    const parts = join(root, 'usr', 'share', 'pandoc', 'data', format);
    const names = walk(parts)
      .map((f) => relative(parts, f))
      .sort((a, b) => (a === 'mimetype' ? -1 : b === 'mimetype' ? 1 : 0));
    const file = join(made, `reference.${format}`);
    writeFileSync(
      file,
      buildZip(
        names.map((name) => ({
          name,
          data: readFileSync(join(parts, name)),
          method: name === 'mimetype' ? 0 : 8,
        })),
      ),
    );
    c.take(file, root, 'pandoc-data', undefined, `zipped from data/${format}/ by this script`);
  }
}

/**
 * Fetches (once) and copies every Office and OpenDocument source into DIR/corpus, and returns
 * their manifest rows.
 */
export function officeSources(dir: string): CorpusItem[] {
  const c = new Collector(dir);
  for (const source of [
    rOfficer,
    xlsx2csv,
    parseExcel,
    perlPythonRExamples,
    odfdom,
    libreOfficeSdk,
    calligra,
    pandoc,
    smoketest,
    mammoth,
    carbone,
    docx4js,
    xlsxPopulate,
  ])
    source(c);
  return c.items;
}
