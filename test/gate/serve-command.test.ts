import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from '../../src/runtime/cli/cli-options.js';
import { parseServeArgs, serveCommand } from '../../src/runtime/cli/commands/serve.js';
import { runCli } from '../../src/runtime/cli/main.js';
import { tempDataDir } from './support/gate-harness.js';

async function serveCli(argv: string[]) {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c) => {
    err += c;
  });
  const code = await runCli(['serve', ...argv], { stdout: new PassThrough(), stderr, env: {}, cwd: '/tmp' }, [
    serveCommand,
  ]);
  return { code, err };
}

describe('sekisho serve flags', () => {
  it('reads durations and sizes in the units people write', () => {
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1m')).toBe(60_000);
    expect(parseDuration('soon')).toBeNull();
    expect(parseSize('25MB')).toBe(25 * 1024 * 1024);
    expect(parseSize('1GB')).toBe(1024 ** 3);
    expect(parseSize('512kb')).toBe(512 * 1024);
    expect(parseSize('-1')).toBeNull();
  });

  it('fills in the defaults of the issue', () => {
    expect(parseServeArgs([])).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      demo: false,
      release: 'stream',
      pollIntervalMs: 60_000,
      maxUploadBytes: 25 * 1024 * 1024,
    });
  });

  it('exits 2 with a message naming the wrong flag', async () => {
    for (const [argv, text] of [
      [['--port', 'x'], '--port'],
      [['--release', 'kafka'], '--release'],
      [['--poll-interval', 'soon'], '--poll-interval'],
      [['--max-upload', 'lots'], '--max-upload'],
      [['--clamd', 'localhost'], '--clamd'],
      [['--frobnicate'], 'frobnicate'],
    ] as const) {
      const { code, err } = await serveCli([...argv]);
      expect(code).toBe(2);
      expect(err).toContain(text);
      expect(err).not.toMatch(/\n\s+at /);
    }
  });

  it('runs as a process: prints the URL and demo links, serves, and stops cleanly on SIGTERM', async () => {
    const data = await tempDataDir();
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/runtime/cli/entry.ts', 'serve', '--demo', '--port', '0', '--data', data.dir],
        {
          cwd: process.cwd(),
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, LOG_LEVEL: 'silent' },
        },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const deadline = Date.now() + 20_000;
      while (!out.includes('/demo/operator') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const url = /sekisho serve: (http:\/\/\S+)/.exec(out)?.[1] as string;
      expect(out).toContain(`${url}/demo/candidate`);
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
      const demo = JSON.parse(await readFile(join(data.dir, 'demo.json'), 'utf8')) as Record<
        string,
        string
      > & {
        second: Record<string, string>;
      };
      expect(Object.keys(demo).sort()).toEqual([
        'baseUrl',
        'candidateToken',
        'companyToken',
        'operatorToken',
        'second',
        'threadId',
      ]);
      expect(Object.keys(demo.second).sort()).toEqual(['candidateToken', 'companyToken', 'threadId']);
      expect(demo.second.threadId).not.toBe(demo.threadId);
      expect(demo.baseUrl).toBe(url);
      expect((await stat(join(data.dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('shutting down');
    } finally {
      await data.cleanup();
    }
  });
});
