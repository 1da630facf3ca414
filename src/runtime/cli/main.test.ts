import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../shared/errors.js';
import type { CliIo, Command } from './command.js';
import { runCli } from './main.js';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += String(c);
  });
  stderr.on('data', (c) => {
    err += String(c);
  });
  return { io: { stdout, stderr, env: {}, cwd: process.cwd() }, out: () => out, err: () => err };
}

const failing: Command = {
  name: 'explode',
  summary: 'fails on purpose',
  usage: 'sekisho explode',
  async run(argv) {
    if (argv[0] === 'bad') throw new InvalidInputError('BAD_THING', 'The thing was bad; pass a good one.');
    throw new Error('secret internal detail');
  },
};

describe('runCli', () => {
  it('lists every command with --help and exits 0', async () => {
    const c = capture();
    expect(await runCli(['--help'], c.io, [failing])).toBe(0);
    expect(c.out()).toContain('explode');
    expect(c.out()).toContain('fails on purpose');
  });

  it('exits 2 and names the command when it is unknown', async () => {
    const c = capture();
    expect(await runCli(['nope'], c.io, [failing])).toBe(2);
    expect(c.err()).toContain("unknown command 'nope'");
  });

  it('maps bad input to exit 2 with the message and code, without a stack trace', async () => {
    const c = capture();
    expect(await runCli(['explode', 'bad'], c.io, [failing])).toBe(2);
    expect(c.err()).toContain('The thing was bad; pass a good one. (BAD_THING)');
    expect(c.err()).not.toContain('    at ');
  });

  it('shows an unexpected error without its stack trace and exits 1', async () => {
    const c = capture();
    expect(await runCli(['explode'], c.io, [failing])).toBe(1);
    expect(c.err()).toContain('unexpected error: secret internal detail (INTERNAL)');
    expect(c.err()).not.toContain('    at ');
  });
});
