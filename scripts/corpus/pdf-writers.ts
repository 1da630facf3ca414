// PDF writers other than pdfTeX, for scripts/build-corpus.ts: the tools real CVs come out of
// (Chromium's "Save as PDF" and Google Docs are Skia; LibreOffice, WeasyPrint, groff, Ghostscript,
// cairo; iText through pdftk, MuPDF, qpdf's object streams), each run on material taken from Debian packages, none of it
// written here.
// Each function writes its PDFs into a folder, skips those already there (a rebuild does not
// render again), and returns what it wrote with where it came from.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

/** A file given to a writer or written by one, and where it came from (for the manifest). */
export interface Sourced {
  file: string;
  source: string;
}

/** Each writer's program, and the Debian packages that install it. */
const TOOLS: ReadonlyArray<{ bin: string; pkgs: string[] }> = [
  { bin: '/usr/bin/chromium', pkgs: ['chromium'] },
  { bin: '/usr/bin/gropdf', pkgs: ['groff'] },
  { bin: '/usr/bin/gs', pkgs: ['ghostscript'] },
  { bin: '/usr/bin/qpdf', pkgs: ['qpdf'] },
  { bin: '/usr/bin/rsvg-convert', pkgs: ['librsvg2-bin'] },
  {
    bin: '/usr/bin/soffice',
    pkgs: [
      'libreoffice-writer-nogui',
      'libreoffice-calc-nogui',
      'libreoffice-impress-nogui',
      'libreoffice-draw-nogui',
    ],
  },
  { bin: '/usr/bin/weasyprint', pkgs: ['weasyprint'] },
  { bin: '/usr/bin/pdftk', pkgs: ['pdftk-java'] },
  { bin: '/usr/bin/mutool', pkgs: ['mupdf-tools'] },
];

/**
 * Makes sure every writer is installed: as root, installs what is missing with apt-get (Debian's
 * repositories only); otherwise says which packages to install and stops.
 */
export function requireWriters(): void {
  const missing = [...new Set(TOOLS.filter((t) => !existsSync(t.bin)).flatMap((t) => t.pkgs))];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `The corpus needs these PDF writers, not installed here: ${missing.join(', ')}.\n` +
        `Install them (sudo apt-get install -y ${missing.join(' ')}) or run this script as root.`,
    );
    process.exit(1);
  }
  console.log(`apt-get install -y ${missing.join(' ')} (PDF writers for the corpus)`);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit' });
}

/** A file's name without its extension (nor `.gz`). */
const stem = (file: string) =>
  basename(file)
    .replace(/\.gz$/, '')
    .replace(/\.[^.]*$/, '');

/** Output paths in `dir`, one per input, named after it and unique within the call. */
function targets(inputs: Sourced[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const used = new Set<string>();
  return inputs.map((i) => {
    let name = `${stem(i.file)}.pdf`;
    for (let n = 2; used.has(name); n++) name = `${n}-${stem(i.file)}.pdf`;
    used.add(name);
    return join(dir, name);
  });
}

/** Runs `write(input, target)` for each input whose target is not there yet; a failure skips that one. */
async function each(
  writer: string,
  inputs: Sourced[],
  dir: string,
  write: (input: Sourced, target: string) => Promise<void> | void,
): Promise<Sourced[]> {
  const made: Sourced[] = [];
  const start = Date.now();
  const outs = targets(inputs, dir);
  for (const [i, input] of inputs.entries()) {
    const target = outs[i] as string;
    if (!existsSync(target)) {
      try {
        await write(input, target);
      } catch (e) {
        // A writer that chokes on one input says so; the corpus goes on without that file (and
        // without what the writer left of it, which a rebuild would otherwise take as done).
        rmSync(target, { force: true });
        console.log(`  ${writer}: skipped ${input.file}: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
    }
    if (existsSync(target) && statSync(target).size > 0)
      made.push({ file: target, source: `${writer} ← ${input.source}` });
  }
  console.log(`${writer}: ${made.length} PDFs in ${dir} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
  return made;
}

/**
 * HTML pages printed by Chromium (`page.pdf()`, Skia's PDF backend, as Chrome's "Save as PDF" and
 * Google Docs write them): link annotations (URI and internal), and, on every other page, the
 * document outline and tagged structure Chrome adds.
 */
export async function chromiumPdfs(pages: Sourced[], dir: string): Promise<Sourced[]> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const page = await browser.newPage();
    return await each('chromium', pages, dir, async (input, target) => {
      await page.goto(`file://${input.file}`, { waitUntil: 'load' });
      const rich = pages.indexOf(input) % 2 === 0;
      await page.pdf({ path: target, format: 'A4', printBackground: true, outline: rich, tagged: rich });
    });
  } finally {
    await browser.close();
  }
}

/** Man pages (groff source, gzipped as Debian ships them) typeset by groff's own PDF writer, gropdf. */
export function groffPdfs(manPages: Sourced[], dir: string): Promise<Sourced[]> {
  return each('groff', manPages, dir, (input, target) => {
    writeFileSync(target, groff(input.file, 'pdf'));
  });
}

/** Ghostscript's pdfwrite device into `target`, reading the inputs that follow. */
const GS_PDFWRITE = (target: string) => [
  '-q',
  '-dNOPAUSE',
  '-dBATCH',
  '-dSAFER',
  '-sDEVICE=pdfwrite',
  '-o',
  target,
];

/** A man page typeset by groff for `device` (tbl tables included), warnings left out. */
function groff(manPage: string, device: 'pdf' | 'ps'): Buffer {
  return execFileSync('groff', ['-t', '-man', `-T${device}`], {
    input: gunzipSync(readFileSync(manPage)),
    stdio: ['pipe', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Ghostscript's pdfwrite (what ps2pdf, many "print to PDF" drivers and PDF shrinkers run): PDFs
 * re-written, and PostScript documents converted (each input not a PDF is a man page, set by
 * groff for PostScript first).
 */
export function ghostscriptPdfs(inputs: Sourced[], dir: string): Promise<Sourced[]> {
  return each('ghostscript', inputs, dir, (input, target) => {
    const pdf = input.file.endsWith('.pdf');
    execFileSync(
      'gs',
      [...GS_PDFWRITE(target), pdf ? input.file : '-'],
      pdf ? { stdio: 'ignore' } : { input: groff(input.file, 'ps'), stdio: ['pipe', 'ignore', 'ignore'] },
    );
  });
}

/**
 * A real PDF re-written by Ghostscript with one pdfmark added (an action, as a forged document
 * would carry it), written to `target`: a risky file in the structure a real writer gives it.
 */
export function ghostscriptPdfmark(base: string, pdfmark: string, target: string): void {
  if (existsSync(target)) return;
  mkdirSync(dirname(target), { recursive: true });
  // `-` reads the pdfmark from standard input before the document, as ps2pdf reads a prologue.
  execFileSync('gs', [...GS_PDFWRITE(target), '-', base], {
    input: pdfmark,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
}

/**
 * Office documents and HTML pages exported by LibreOffice (Writer, Calc, Impress, Draw; the PDF
 * export LibreOffice users and many Word-to-PDF services run), with its default options:
 * bookmarks, links, form fields. `hybrid` (Writer documents only) ticks "embed the ODF file":
 * the document rides in the PDF for LibreOffice to open instead.
 */
export function libreofficePdfs(docs: Sourced[], dir: string, hybrid = false): Sourced[] {
  const writer = hybrid ? 'libreoffice (hybrid PDF)' : 'libreoffice';
  const to = hybrid ? 'pdf:writer_pdf_Export:{"IsAddStream":{"type":"boolean","value":"true"}}' : 'pdf';
  const start = Date.now();
  const outs = targets(docs, dir);
  const todo = docs.map((d, i) => ({ ...d, target: outs[i] as string })).filter((d) => !existsSync(d.target));
  const work = mkdtempSync(join(tmpdir(), 'corpus-soffice-'));
  try {
    // soffice names each PDF after its input: one call per set of inputs with distinct names.
    // Its own profile folder, so that a LibreOffice already running here is not handed the work.
    while (todo.length > 0) {
      const stems = new Set<string>();
      const batch = todo.filter((d) => !stems.has(stem(d.file)) && stems.add(stem(d.file)));
      todo.splice(0, todo.length, ...todo.filter((d) => !batch.includes(d)));
      const profile = `-env:UserInstallation=file://${join(work, 'profile')}`;
      const args = [profile, '--headless', '--convert-to', to, '--outdir', join(work, 'out')];
      try {
        execFileSync('soffice', [...args, ...batch.map((d) => d.file)], {
          stdio: 'ignore',
          timeout: 600_000,
        });
      } catch (e) {
        // What it wrote before it failed is kept; the rest is reported below as skipped.
        console.log(`  ${writer}: soffice failed: ${(e as Error).message.split('\n')[0]}`);
      }
      for (const d of batch) {
        const pdf = join(work, 'out', `${stem(d.file)}.pdf`);
        if (existsSync(pdf)) copyFileSync(pdf, d.target);
        else console.log(`  ${writer}: skipped ${d.file}: no PDF written`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const made = docs
    .map((d, i) => ({ file: outs[i] as string, source: `${writer} ← ${d.source}` }))
    .filter((m) => existsSync(m.file));
  console.log(`${writer}: ${made.length} PDFs in ${dir} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
  return made;
}

/** HTML pages typeset by WeasyPrint (its own PDF writer, pydyf), which many CV generators use. */
export function weasyprintPdfs(pages: Sourced[], dir: string): Promise<Sourced[]> {
  return each('weasyprint', pages, dir, (input, target) => {
    execFileSync('weasyprint', ['--quiet', input.file, target], { stdio: 'ignore' });
  });
}

/** SVG icons drawn by cairo's PDF surface (rsvg-convert), as Inkscape and GTK programs export them. */
export function cairoPdfs(svgs: Sourced[], dir: string): Promise<Sourced[]> {
  return each('cairo', svgs, dir, (input, target) => {
    execFileSync('rsvg-convert', ['-f', 'pdf', '-o', target, input.file], { stdio: 'ignore' });
  });
}

/** PDFs re-written by pdftk (pdftk-java: iText's writer, as PDF-generating services use it), compressed. */
export function pdftkPdfs(pdfs: Sourced[], dir: string): Promise<Sourced[]> {
  return each('pdftk', pdfs, dir, (input, target) => {
    execFileSync('pdftk', [input.file, 'output', target, 'compress'], { stdio: 'ignore' });
  });
}

/**
 * PDFs through MuPDF's writer: every other one drawn anew (`mutool convert`), the rest re-written
 * object by object, unused ones dropped and streams compressed (`mutool clean -gg -z`).
 */
export function mupdfPdfs(pdfs: Sourced[], dir: string): Promise<Sourced[]> {
  return each('mupdf', pdfs, dir, (input, target) => {
    const args =
      pdfs.indexOf(input) % 2 === 0
        ? ['convert', '-o', target, input.file]
        : ['clean', '-gg', '-z', input.file, target];
    execFileSync('mutool', args, { stdio: 'ignore' });
  });
}

/**
 * PDFs re-written by qpdf with object streams generated: nearly every dictionary, annotations and
 * actions included, moves into compressed object streams, the hardest case for the PDF check.
 */
export function qpdfObjectStreams(pdfs: Sourced[], dir: string): Promise<Sourced[]> {
  return each('qpdf', pdfs, dir, (input, target) => {
    try {
      execFileSync('qpdf', ['--object-streams=generate', input.file, target], { stdio: 'ignore' });
    } catch (e) {
      // Exit status 3: written, with warnings about the input (qpdf repairs what it reads).
      if ((e as { status?: number }).status !== 3) throw e;
    }
  });
}
