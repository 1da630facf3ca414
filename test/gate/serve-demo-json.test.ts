import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { tempDataDir } from './support/gate-harness.js';

function serve(dataDir: string, port: number): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/runtime/cli/entry.ts',
      'serve',
      '--demo',
      '--port',
      String(port),
      '--data',
      dataDir,
    ],
    { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'silent' } },
  );
  return { child, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

/** Asks `/healthz` every few ms until it answers, as a script that follows the README does. */
async function firstHealthyAnswer(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`${url}/healthz never answered`);
}

/** Reads demo.json the way `node -p "require('./data/demo.json')…"` does; the error text when it cannot. */
function readDemo(path: string): { baseUrl: string; candidateToken: string } | string {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return (error as Error).message;
  }
}

describe('data/demo.json of serve --demo', () => {
  it('is complete the moment /healthz first answers, and never missing or half written across a restart', async () => {
    const data = await tempDataDir();
    const path = join(data.dir, 'demo.json');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    try {
      const first = serve(data.dir, port);
      await firstHealthyAnswer(url);
      const seeded = readDemo(path);
      expect(seeded).toMatchObject({ baseUrl: url });
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      // A reader polls the file through the whole second start: every read must parse.
      const second = serve(data.dir, port);
      const failures: string[] = [];
      let reads = 0;
      const reader = setInterval(() => {
        reads++;
        const demo = readDemo(path);
        if (typeof demo === 'string') failures.push(demo);
      }, 1);
      await firstHealthyAnswer(url);
      await new Promise((r) => setTimeout(r, 200));
      clearInterval(reader);
      expect(reads).toBeGreaterThan(10);
      expect(failures).toEqual([]);
      // The same demo users and thread, reused from the first start.
      expect(readDemo(path)).toEqual(seeded);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await data.cleanup();
    }
  }, 90_000);
});
