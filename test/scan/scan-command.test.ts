import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/runtime/cli/main.js';
import { clamavTestFiles } from '../fixtures/clamav/test-files.js';
import { buildPdf } from '../fixtures/files/build-pdf.js';
import { buildOoxml } from '../fixtures/files/build-zip.js';
import { samples } from '../fixtures/files/samples.js';
import { type RunningClamd, startClamd } from '../support/clamd.js';

let dir: string;
let clamd: RunningClamd;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-scan-cli-'));
  await writeFile(join(dir, '履歴書.pdf'), buildPdf());
  await writeFile(join(dir, 'notes.txt'), samples.text);
  await writeFile(join(dir, 'macro.docx'), buildOoxml('docx', { macros: true }));
  await writeFile(join(dir, 'eicar.com'), samples.eicar);
  await writeFile(join(dir, 'marker.txt'), clamavTestFiles.marker);
  await writeFile(join(dir, 'pdf-only.json'), JSON.stringify({ accept: ['application/pdf'] }));
  await writeFile(join(dir, 'typo.json'), JSON.stringify({ accept: ['default', 'image/svg'], extra: 1 }));
  await writeFile(join(dir, 'broken.json'), '{"accept": [');
  clamd = await startClamd();
});
afterAll(async () => {
  await clamd?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (d: Buffer) => out.push(d));
  stderr.on('data', (d: Buffer) => err.push(d));
  const code = await runCli(['scan', ...argv], { stdout, stderr, env: {}, cwd: dir });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

describe('sekisho scan', () => {
  it('exits 0 and prints one line per clean file', async () => {
    const r = await run('履歴書.pdf', 'notes.txt');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('履歴書.pdf: clean (application/pdf)\nnotes.txt: clean (text/plain)\n');
  });

  it('exits 1 and names the rule when any file is not clean', async () => {
    const r = await run('notes.txt', 'macro.docx', 'eicar.com');
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('notes.txt: clean (text/plain)');
    expect(lines[1]).toMatch(/^macro\.docx: rejected .*office-macros \[builtin\]/);
    expect(lines[2]).toMatch(/^eicar\.com: infected .*eicar \[builtin\]/);
  });

  it('prints verdicts and explanations as JSON', async () => {
    const r = await run('--format', 'json', 'macro.docx', 'notes.txt');
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stdout) as {
      file: string;
      verdict: { kind: string };
      explanation: unknown;
    }[];
    expect(parsed.map((p) => [p.file, p.verdict.kind])).toEqual([
      ['macro.docx', 'rejected'],
      ['notes.txt', 'clean'],
    ]);
    expect(parsed[0]?.explanation).toMatchObject({
      en: { reason: 'This file contains macros, which we do not accept.' },
    });
    expect(parsed[1]?.explanation).toBeNull();
  });

  it('adds ClamAV with --clamd and records its version', async () => {
    const r = await run('--format', 'json', '--clamd', clamd.unixAddress, 'marker.txt', 'notes.txt');
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stdout) as {
      verdict: { kind: string; findings: { rule: string }[]; engines: { engine: string; version: string }[] };
    }[];
    expect(parsed[0]?.verdict.kind).toBe('infected');
    expect(parsed[0]?.verdict.findings.map((f) => f.rule)).toEqual(['Sekisho.Test.Marker.UNOFFICIAL']);
    expect(parsed[1]?.verdict.engines.map((e) => e.engine)).toEqual(['builtin', 'clamav']);
    expect(parsed[1]?.verdict.engines[1]?.version).toMatch(/^ClamAV /);
  });

  it('exits 1, not 0, when clamd cannot be reached', async () => {
    const r = await run('--clamd', 'unix:/tmp/sekisho-no-clamd.sock', 'notes.txt');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('notes.txt: error');
    expect(r.stdout).toContain('clamd-unreachable');
  });

  it('applies the accepted types of a policy file', async () => {
    const r = await run('--policy', 'pdf-only.json', '履歴書.pdf', 'notes.txt');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('履歴書.pdf: clean');
    expect(r.stdout).toContain(
      'notes.txt: rejected (text/plain) type-not-allowed [builtin]: Files of this type are not accepted: Text file',
    );
  });

  it.each([
    [['--policy', 'typo.json', 'notes.txt'], '"image/svg" is not a type the built-in engine detects'],
    [['--policy', 'typo.json', 'notes.txt'], 'unknown field "extra"'],
    [['--policy', 'broken.json', 'notes.txt'], 'is not valid JSON'],
    [['--policy', 'none.json', 'notes.txt'], 'it does not exist'],
    [['missing.pdf'], 'No such file'],
    [['--clamd', 'localhost:3310', 'notes.txt'], "Invalid clamd address 'localhost:3310'"],
    [['--format', 'xml', 'notes.txt'], '--format must be text or json'],
    [['--timeout', 'soon', 'notes.txt'], '--timeout must be a duration'],
    [[], 'Give at least one file'],
    [['--verbose', 'notes.txt'], "Unknown option '--verbose'"],
  ])('exits 2 with a clear message for bad input %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
