import { type ChildProcess, spawn } from 'node:child_process';
import { clamdExchange } from '../../adapters/clamd/clamd-socket.js';
import { parseClamdAddress } from '../../adapters/clamd/parse-clamd-address.js';

/** A clamd kept running in this Lambda container, its database loaded once. */
export interface WarmClamd {
  /** `unix:PATH` or `tcp://HOST:PORT`, for the clamd scanner. */
  readonly address: string;
  readonly pid: number;
  /** False once the process has exited: start another. */
  readonly alive: boolean;
  stop(): void;
}

export interface WarmClamdOptions {
  /** The clamd binary. Default `/usr/sbin/clamd` (Debian's, as in the container image). */
  readonly binary?: string;
  /** clamd.conf: its LocalSocket or TCPSocket must match `address`. */
  readonly configPath: string;
  readonly address: string;
  /** How long loading the database may take. Default 120 s (the full ClamAV database takes ~20–40 s). */
  readonly startTimeoutMs?: number;
}

/**
 * Starts clamd in the foreground and resolves once it answers PING. This is what makes a warm
 * Lambda scan in milliseconds: the signature database (hundreds of MB) loads once per container,
 * not once per file as `clamscan` does. The caller keeps the promise for the container's life and
 * starts again when the process has exited (Lambda froze or killed it).
 */
export async function startWarmClamd(options: WarmClamdOptions): Promise<WarmClamd> {
  const address = parseClamdAddress(options.address);
  const child: ChildProcess = spawn(
    options.binary ?? '/usr/sbin/clamd',
    ['--foreground', `--config-file=${options.configPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned;
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    const reply = await clamdExchange(address, 1000, async (s) => void s.write('zPING\0')).catch(() => '');
    if (reply.startsWith('PONG')) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`clamd did not start: ${stderr.trim() || `no answer within the start timeout`}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const warm: WarmClamd = {
    address: options.address,
    pid: child.pid as number,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
  };
  return warm;
}
