import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port.js';

const CLAMD = '/usr/sbin/clamd';
/** The project's small signature database (EICAR and its own test patterns); nothing is downloaded. */
const TEST_DATABASE = resolve(import.meta.dirname, '../fixtures/clamav');

/** A clamd started for a test, listening on loopback TCP and a unix socket in a temp dir. */
export interface RunningClamd {
  readonly tcpAddress: string;
  readonly unixAddress: string;
  readonly pid: number;
  stop(): Promise<void>;
}

async function ping(socketPath: string): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect(socketPath);
    let reply = '';
    s.setTimeout(1000, () => s.destroy());
    s.on('connect', () => s.write('zPING\0'));
    s.on('data', (d) => {
      reply += d.toString();
      if (reply.includes('PONG')) {
        s.destroy();
        ok(true);
      }
    });
    s.on('error', () => ok(false));
    s.on('close', () => ok(reply.includes('PONG')));
  });
}

/**
 * Starts Debian's clamd in the foreground with the project's test database (copied to a temp
 * dir), on a free loopback TCP port and a unix socket, and waits until it answers PING.
 * `maxFileSize` (e.g. '1M', default '100M') sets MaxFileSize and MaxScanSize, and StreamMaxLength
 * unless `streamMaxLength` is given: to test the INSTREAM limit and AlertExceedsMax.
 * Throws, never skips, when clamd is not installed.
 */
export async function startClamd(
  options: { maxFileSize?: string; streamMaxLength?: string } = {},
): Promise<RunningClamd> {
  if (!existsSync(CLAMD))
    throw new Error(
      `${CLAMD} is missing: the ClamAV tests need Debian's clamav-daemon. Run \`npm test\` (its pretest installs it) or \`sudo apt-get install -y clamav-daemon\`.`,
    );
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-clamd-'));
  const db = join(dir, 'db');
  await cp(TEST_DATABASE, db, {
    recursive: true,
    filter: (src) => !src.endsWith('.ts') && !src.endsWith('.md'),
  });
  const port = await freePort();
  const socketPath = join(dir, 'clamd.sock');
  const size = options.maxFileSize ?? '100M';
  const config = [
    `LocalSocket ${socketPath}`,
    `TCPSocket ${port}`,
    'TCPAddr 127.0.0.1',
    `DatabaseDirectory ${db}`,
    `LogFile ${join(dir, 'clamd.log')}`,
    `PidFile ${join(dir, 'clamd.pid')}`,
    `TemporaryDirectory ${dir}`,
    'Foreground yes',
    'AlertExceedsMax yes',
    `StreamMaxLength ${options.streamMaxLength ?? size}`,
    `MaxFileSize ${size}`,
    `MaxScanSize ${size}`,
    'SelfCheck 0',
    ...(process.getuid?.() === 0 ? ['User root'] : []),
  ].join('\n');
  const configPath = join(dir, 'clamd.conf');
  await writeFile(configPath, `${config}\n`);
  const child: ChildProcess = spawn(CLAMD, ['--foreground', `--config-file=${configPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 60_000;
  while (!(await ping(socketPath))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      const log = await readFile(join(dir, 'clamd.log'), 'utf8').catch(() => '');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`clamd did not start: ${stderr.trim()} ${log.trim()}`.trim());
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    tcpAddress: `tcp://127.0.0.1:${port}`,
    unixAddress: `unix:${socketPath}`,
    pid: child.pid as number,
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
