import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/runtime/cli/commands/serve.js';
import { runCli } from '../../src/runtime/cli/main.js';
import { tempDataDir } from './support/gate-harness.js';

async function serveCli(argv: string[]): Promise<{ code: number; err: string }> {
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

describe('sekisho serve start-up problems an operator can fix', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    data = await tempDataDir();
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
    await data.cleanup();
  });

  it('exits 2 and says which address is taken when the port is in use', async () => {
    const { code, err } = await serveCli(['--port', String(busyPort), '--data', join(data.dir, 'busy')]);
    expect(code).toBe(2);
    expect(err).toContain(`127.0.0.1:${busyPort} is already in use`);
    expect(err).toContain('--port');
    expect(err).toContain('PORT_IN_USE');
    expect(err).not.toContain('    at ');
  });

  it('exits 2 and names --data when the data path is a file', async () => {
    const file = join(data.dir, 'not-a-dir');
    await writeFile(file, 'x');
    const { code, err } = await serveCli(['--port', '0', '--data', file]);
    expect(code).toBe(2);
    expect(err).toContain(`--data ${file} is not a directory`);
    expect(err).toContain('DATA_DIR_INVALID');
  });
});
