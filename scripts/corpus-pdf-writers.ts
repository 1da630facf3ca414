// PDF writers other than pdfTeX, for scripts/build-corpus.ts: the tools real CVs come out of
// (Chromium's "Save as PDF" and Google Docs are Skia; groff, Ghostscript, cairo; qpdf's object
// streams), each run on material taken from Debian packages, none of it written here.
// Each function writes its PDFs into a folder, skips those already there (a rebuild does not
// render again), and returns what it wrote with where it came from.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

/** A file given to a writer or written by one, and where it came from (for the manifest). */
export interface Sourced {
  file: string;
  source: string;
}

/** Each writer's program, and the Debian package that installs it. */
const TOOLS: ReadonlyArray<{ bin: string; pkg: string }> = [
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
  { bin: '/usr/bin/gropdf', pkg: 'groff' },
  { bin: '/usr/bin/gs', pkg: 'ghostscript' },
  { bin: '/usr/bin/qpdf', pkg: 'qpdf' },
  { bin: '/usr/bin/rsvg-convert', pkg: 'librsvg2-bin' },
];

/**
 * Makes sure every writer is installed: as root, installs what is missing with apt-get (Debian's
 * repositories only); otherwise says which packages to install and stops.
 */
export function requireWriters(): void {
  const missing = [...new Set(TOOLS.filter((t) => !existsSync(t.bin)).map((t) => t.pkg))];
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

/** Output paths in `dir`, one per input, named after it and unique within the call. */
function targets(inputs: Sourced[], dir: string, ext = '.pdf'): string[] {
  mkdirSync(dir, { recursive: true });
  const used = new Set<string>();
  return inputs.map((i) => {
    const stem = basename(i.file)
      .replace(/(\.gz)?$/, '')
      .replace(/\.[^.]*$/, '');
    let name = `${stem}${ext}`;
    for (let n = 2; used.has(name); n++) name = `${n}-${stem}${ext}`;
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
        // A writer that chokes on one input says so; the corpus goes on without that file.
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
    let n = 0;
    return await each('chromium', pages, dir, async (input, target) => {
      await page.goto(`file://${input.file}`, { waitUntil: 'load' });
      const rich = n++ % 2 === 0;
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
      ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfwrite', '-o', target, pdf ? input.file : '-'],
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
  execFileSync(
    'gs',
    ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfwrite', '-o', target, '-', base],
    {
      input: pdfmark,
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
}

/** SVG icons drawn by cairo's PDF surface (rsvg-convert), as Inkscape and GTK programs export them. */
export function cairoPdfs(svgs: Sourced[], dir: string): Promise<Sourced[]> {
  return each('cairo', svgs, dir, (input, target) => {
    execFileSync('rsvg-convert', ['-f', 'pdf', '-o', target, input.file], { stdio: 'ignore' });
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
