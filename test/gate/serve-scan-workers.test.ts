import { execFile, spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src/runtime/cli/commands/serve.js';
import { samples } from '../fixtures/files/samples.js';
import { settledFile, startTestGate, tempDataDir, upload } from './support/gate-harness.js';

describe('serve --scan-workers', () => {
  it('reads the worker count, 0 included, and leaves the default to the server', () => {
    expect(parseServeArgs(['--scan-workers', '3'])).toMatchObject({ scanWorkers: 3 });
    expect(parseServeArgs(['--scan-workers', '0'])).toMatchObject({ scanWorkers: 0 });
    expect(parseServeArgs([])).not.toHaveProperty('scanWorkers');
  });

  it.each(['-1', 'many', '1.5', '9999'])(
    'refuses --scan-workers %s with a message naming the flag',
    (value) => {
      expect(() => parseServeArgs(['--scan-workers', value])).toThrow(/--scan-workers/);
    },
  );

  it.each([0, 1])('publishes a clean file and blocks EICAR with %i scan workers', async (scanWorkers) => {
    const data = await tempDataDir();
    const gate = await startTestGate(data.dir, { scanWorkers });
    try {
      const { threadId, candidateToken } = gate.demo;
      const clean = (await (
        await upload(gate.url, threadId, candidateToken, samples.text, 'cv.txt')
      ).json()) as {
        id: string;
      };
      const eicar = (await (
        await upload(gate.url, threadId, candidateToken, samples.eicar, 'e.txt')
      ).json()) as {
        id: string;
      };
      expect((await settledFile(gate.url, clean.id, candidateToken)).status).toBe('published');
      expect((await settledFile(gate.url, eicar.id, candidateToken)).status).toBe('blocked');
    } finally {
      await gate.close();
      await data.cleanup();
    }
  });
});

// Production runs the compiled dist/ (`node bin/sekisho.js serve`), where the scan worker is a
// .js file next to the pool's module; tests otherwise only ever load the .ts sources through tsx.
describe('the compiled server', () => {
  const outDir = join(process.cwd(), 'node_modules', '.cache', `sekisho-dist-${process.pid}`);
  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [
      'node_modules/typescript/bin/tsc',
      '-p',
      'tsconfig.build.json',
      '--outDir',
      outDir,
    ]);
  }, 120_000);
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('scans in its worker pool from the built JavaScript and stops promptly on SIGTERM', async () => {
    const data = await tempDataDir();
    const child = spawn(
      process.execPath,
      [
        join(outDir, 'runtime/cli/entry.js'),
        'serve',
        '--demo',
        '--port',
        '0',
        '--data',
        data.dir,
        '--scan-workers',
        '1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    try {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      let err = '';
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const deadline = Date.now() + 20_000;
      while (!out.includes('/demo/operator') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const url = /sekisho serve: (http:\/\/\S+)/.exec(out)?.[1] as string;
      expect(url, err).toBeDefined();
      const info = JSON.parse(await readFile(join(data.dir, 'demo.json'), 'utf8')) as Record<string, string>;
      const token = info.candidateToken as string;
      const threadId = info.threadId as string;
      const clean = (await (await upload(url, threadId, token, samples.text, 'cv.txt')).json()) as {
        id: string;
      };
      const eicar = (await (await upload(url, threadId, token, samples.eicar, 'e.txt')).json()) as {
        id: string;
      };
      const cleanView = await settledFile(url, clean.id, token);
      expect(cleanView.status).toBe('published');
      expect((await settledFile(url, eicar.id, token)).status).toBe('blocked');
      const stopping = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // A generous bound: shutdown used to linger on keep-alive connections; it must not hang.
      expect(Date.now() - stopping).toBeLessThan(5_000);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await data.cleanup();
    }
  });
});
