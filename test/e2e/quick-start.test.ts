import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations.
import { exampleFiles } from '../../scripts/build-examples.mjs';
import { runCli } from '../../src/runtime/cli/main.js';
import { type RunningGate, startGate } from '../../src/runtime/gate/start-gate.js';
import { type RunningClamd, startClamd } from '../support/clamd.js';

const run = promisify(execFile);
const EXAMPLES = resolve('examples/files');

/** The README's upload example: the shell lines between `TOKEN=` and the `curl` call. */
async function readmeUploadExample(): Promise<string> {
  const readme = await readFile('README.md', 'utf8');
  const block = /```sh\n(TOKEN=[\s\S]*?curl [\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined)
    throw new Error('README.md has no ```sh block starting with TOKEN= and calling curl');
  return block;
}

let clamd: RunningClamd;
let dir: string;
let gate: RunningGate;

beforeAll(async () => {
  clamd = await startClamd();
  dir = await mkdtemp(join(tmpdir(), 'sekisho-quick-start-'));
  gate = await startGate({ dataDir: join(dir, 'data'), port: 0, demo: true, env: {}, webRoot: 'web/dist' });
});
afterAll(async () => {
  await gate?.close();
  await rm(dir, { recursive: true, force: true });
  await clamd?.stop();
});

describe("the quick start's sample files (examples/files)", () => {
  it('are exactly what scripts/build-examples.mjs writes', async () => {
    for (const [name, bytes] of Object.entries(exampleFiles() as Record<string, Buffer>))
      expect((await readFile(join(EXAMPLES, name))).equals(bytes), name).toBe(true);
  });

  it('scan as the README says: both CVs clean, EICAR infected, with the built-in engine and clamd', async () => {
    const stdout = new PassThrough();
    const out: Buffer[] = [];
    stdout.on('data', (d: Buffer) => out.push(d));
    const code = await runCli(
      ['scan', 'cv.pdf', 'cv.docx', 'eicar-test-file.txt', '--format', 'json', '--clamd', clamd.tcpAddress],
      { stdout, stderr: new PassThrough(), env: {}, cwd: EXAMPLES },
    );
    expect(code).toBe(1);
    const results = JSON.parse(Buffer.concat(out).toString()) as {
      file: string;
      verdict: { kind: string; engines: { engine: string }[] };
    }[];
    const kinds = Object.fromEntries(results.map((r) => [r.file.split('/').at(-1), r.verdict.kind]));
    expect(kinds).toEqual({ 'cv.pdf': 'clean', 'cv.docx': 'clean', 'eicar-test-file.txt': 'infected' });
    for (const r of results)
      expect(r.verdict.engines.map((e) => e.engine).sort()).toEqual(['builtin', 'clamav']);
  });
});

describe("README's upload example, run by bash against a real demo server", () => {
  /** The README's lines with this server's address and the sample given; run where `./data` is its data dir. */
  async function runExample(sample: string, token?: string) {
    let script = (await readmeUploadExample())
      .replaceAll('http://127.0.0.1:3000', gate.url)
      .replaceAll('examples/files/cv.pdf', join(EXAMPLES, sample));
    if (token !== undefined) script = script.replace(/^TOKEN=.*$/m, `TOKEN=${token}`);
    return run('bash', ['-e', '-c', script], { cwd: dir }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  }

  it('uploads examples/files/cv.pdf and prints the 202 answer', async () => {
    const { code, stdout } = await runExample('cv.pdf');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: 'cv.pdf', status: 'scanning' });
  });

  it("fails loudly, with the server's reason, when the upload is refused", async () => {
    const { code, stdout, stderr } = await runExample('cv.pdf', 'not-a-token');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/401/);
    expect(stdout).toMatch(/UNAUTHENTICATED|token/i);
  });
});
