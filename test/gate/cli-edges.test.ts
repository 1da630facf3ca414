import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openGateDatabase } from '../../src/adapters/sqlite/open-gate-database.js';
import { clamdOption } from '../../src/runtime/cli/cli-options.js';
import { commands } from '../../src/runtime/cli/commands/index.js';
import { parseServeArgs } from '../../src/runtime/cli/commands/serve.js';
import { runCli } from '../../src/runtime/cli/main.js';
import { tempDataDir } from './support/gate-harness.js';

/** Runs `sekisho …` in-process with the real commands; the data paths are absolute. */
async function sekisho(...argv: string[]) {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const code = await runCli(argv, { stdout, stderr, env: {}, cwd: '/tmp' }, commands);
  return { code, out, err };
}

const dirs: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of dirs.splice(0)) await cleanup();
});
async function dataDir(): Promise<string> {
  const data = await tempDataDir();
  dirs.push(data.cleanup);
  return data.dir;
}

describe('the CLI at its edges', () => {
  it('accepts the same clamd addresses in every command, IPv6 included', () => {
    for (const address of [
      'tcp://127.0.0.1:3310',
      'tcp://[::1]:3310',
      'tcp://clamd.internal:3310',
      'unix:/run/clamav/clamd.ctl',
    ])
      expect(clamdOption('scan', address)).toBe(address);
    expect(parseServeArgs(['--clamd', 'tcp://[::1]:3310']).clamd).toBe('tcp://[::1]:3310');
    expect(() => parseServeArgs(['--clamd', 'localhost:3310'])).toThrow(
      /Invalid clamd address 'localhost:3310'/,
    );
  });

  it.each(['serve', 'scan', 'dlq list', 'triage'])(
    "answers an unknown option of %s with one line of its own that names the command's --help",
    async (command) => {
      const r = await sekisho(...command.split(' '), '--bogus', 'x');
      expect(r.code).toBe(2);
      const name = command.split(' ')[0];
      expect(r.err).toBe(
        `sekisho ${name}: Unknown option '--bogus'. Run 'sekisho ${name} --help' for the options. (USAGE)\n`,
      );
    },
  );

  it('says a value is missing in its own words', async () => {
    const r = await sekisho('serve', '--port');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "sekisho serve: Option '--port' needs a value. Run 'sekisho serve --help' for the options. (USAGE)\n",
    );
  });

  it('says there is nothing to replay when dlq replay --all finds no dead letters, and exits 0', async () => {
    const dir = await dataDir();
    openGateDatabase(join(dir, 'gate.sqlite')).close();
    const r = await sekisho('dlq', 'replay', '--all', '--data', dir);
    expect(r).toEqual({ code: 0, out: 'No dead letters to replay.\n', err: '' });
  });

  it('refuses a --data that is a file with the same words in dlq as in serve', async () => {
    const file = join(await dataDir(), 'not-a-dir');
    await writeFile(file, 'x');
    const list = await sekisho('dlq', 'list', '--data', file);
    const serve = await sekisho('serve', '--port', '0', '--data', file);
    expect(list.code).toBe(2);
    expect(list.err).toContain(`--data ${file} is not a directory`);
    expect(list.err).toContain('(DATA_DIR_INVALID)');
    expect(serve.code).toBe(2);
    expect(serve.err.replace('sekisho serve', 'sekisho dlq')).toBe(list.err);
  });

  it('refuses a --data that does not exist in dlq instead of creating an empty database', async () => {
    const missing = join(await dataDir(), 'typo');
    for (const action of ['list', 'replay']) {
      const r = await sekisho('dlq', action, '--all', '--data', missing);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--data ${missing} does not exist`);
      expect(r.err).toContain('(DATA_DIR_MISSING)');
    }
    await expect(stat(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
