import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
/** Where `npm run synth` writes the example app's templates and bundled assets. */
export const CDK_OUT = join(ROOT, 'cdk.out');
const STAMP = join(CDK_OUT, '.sekisho-inputs');
const LOCK = `${CDK_OUT}.lock`;

async function* sources(dir: string): AsyncIterable<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (!entry.name.endsWith('.test.ts')) yield path;
  }
}

/** A hash of everything the synthesised output depends on. */
async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of ['infra', 'src'])
    for await (const path of sources(join(ROOT, dir))) hash.update(path).update(await readFile(path));
  for (const file of ['package-lock.json', 'cdk.json', 'scripts/build-lambdas.mjs'])
    hash.update(await readFile(join(ROOT, file)));
  return hash.digest('hex');
}

/** Whether the process holding the lock still runs; a lock just made may not name it yet. */
async function lockOwner(): Promise<'alive' | 'gone' | 'unnamed'> {
  const pid = Number(await readFile(join(LOCK, 'pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return 'unnamed';
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'gone';
  }
}

async function current(hash: string): Promise<boolean> {
  return (await readFile(STAMP, 'utf8').catch(() => '')) === hash;
}

/**
 * Makes sure `cdk.out` holds the example app as `npm run synth` writes it (the real CDK CLI, no
 * network, telemetry and version check off), synthesising only when infra/, src/ or the lockfile
 * changed since the last time. Test files running in parallel wait for one another through a lock
 * directory. Returns the output directory.
 */
export async function ensureSynth(): Promise<string> {
  const hash = await inputsHash();
  if (await current(hash)) return CDK_OUT;
  let unnamed = 0;
  for (;;) {
    try {
      await mkdir(LOCK);
      await writeFile(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch {
      // Another test file is synthesising. The lock is stale only when its owner is gone: judged
      // by the owner's PID, not the lock's age (a file's mtime is the kernel's clock, which a run
      // under faketime does not share, so an age check broke the lock of a live synth).
      const owner = await lockOwner();
      unnamed = owner === 'unnamed' ? unnamed + 1 : 0;
      // A lock that names no owner for 10 s was left between its mkdir and its pid file.
      if (owner === 'gone' || unnamed > 20) await rm(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (await current(hash)) return CDK_OUT;
    // The functions deploy dist/lambda's bundles, as an installed package does: bundle first.
    await run(process.execPath, [join(ROOT, 'scripts/build-lambdas.mjs')]);
    await run(process.execPath, [
      join(ROOT, 'node_modules/aws-cdk/bin/cdk'),
      'synth',
      '--no-notices',
      '--quiet',
    ]);
    await writeFile(STAMP, hash);
    return CDK_OUT;
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? ok() : fail(new Error(`${args.join(' ')} failed (${code}):\n${output}`)),
    );
  });
}
