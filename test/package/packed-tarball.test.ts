import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samples } from '../fixtures/files/samples.js';
import { consumerProject } from './consumer-project.js';

// What a user gets from `npm install sekisho`, proven on the real thing: the tarball `npm pack`
// makes, installed into a new project from that tarball and npm's cache only (`npm ci --offline`),
// with better-sqlite3's install script denied, as npm 11 does for a project that has not approved it.

const root = fileURLToPath(new URL('../../', import.meta.url));
const consumerSources = fileURLToPath(new URL('./consumer/', import.meta.url));
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, unknown>;
};

/** Every entry point of the exports map, as an importer spells it: `sekisho`, `sekisho/triage`… */
const entryPoints = Object.keys(manifest.exports)
  .filter((k) => k !== './package.json')
  .map((k) => (k === '.' ? 'sekisho' : `sekisho/${k.slice(2)}`));

/**
 * What importing an entry point must not load: the AWS SDK, Slack's clients and SQLite load only when
 * a function that needs them is called. An entry point not listed here gets the default.
 */
const mustNotLoad: Readonly<Record<string, RegExp>> = {};
const mustNotLoadByDefault = /node_modules\/(@aws-sdk|@slack|better-sqlite3)\//;

interface Probe {
  readonly [specifier: string]: { readonly exports: readonly string[]; readonly loaded: readonly string[] };
}

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly integrity: string;
  readonly files: readonly { readonly path: string }[];
}

let dir: string;
let project: string;
let packed: PackResult;

/** Runs a command; resolves with its exit code and output whatever the code (a failed run is a result). */
function run(command: string, args: readonly string[], cwd: string) {
  // npm passes its own settings to scripts as npm_* variables; the consumer must not inherit
  // sekisho's (npm_package_version would hide a --version that reads the wrong package.json).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    execFile(command, [...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : (error as { code?: unknown }).code;
      if (typeof code !== 'number') reject(error);
      else resolve({ code, stdout, stderr });
    });
  });
}

/** The installed `sekisho` command, as npm linked it into node_modules/.bin (what npx runs, minus npx's start-up). */
const sekisho = (args: readonly string[]) => run(join(project, 'node_modules/.bin/sekisho'), args, project);

async function succeed(command: string, args: readonly string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** The newest modification time under `dir` of the files `keep` selects. */
function newest(dir: string, keep: (path: string) => boolean): { path: string; mtime: number } {
  let best = { path: '', mtime: 0 };
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (!keep(path)) continue;
    const mtime = statSync(path).mtimeMs;
    if (mtime > best.mtime) best = { path, mtime };
  }
  return best;
}

beforeAll(async () => {
  // The tarball is packed from dist/ as it is (a packing build would double this test's time), so
  // the test refuses a dist/ older than the sources instead of testing stale code.
  const source = [join(root, 'src'), join(root, 'infra/lib')]
    .map((d) => newest(d, (p) => p.endsWith('.ts') && !p.endsWith('.test.ts')))
    .reduce((a, b) => (b.mtime > a.mtime ? b : a));
  const built = newest(join(root, 'dist'), (p) => p.endsWith('.js'));
  if (!existsSync(join(root, 'dist/exports/triage.js')) || built.mtime < source.mtime)
    throw new Error(
      `dist/ is missing or older than ${relative(root, source.path)}: run \`npm run build\` before this test.`,
    );

  dir = await mkdtemp(join(tmpdir(), 'sekisho-package-'));
  const packJson = await succeed(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
    root,
  );
  packed = (JSON.parse(packJson) as PackResult[])[0] as PackResult;

  project = join(dir, 'consumer');
  await mkdir(project);
  const tarball = `file:../${packed.filename}`;
  const consumer = consumerProject(root, tarball, packed.integrity, {
    // Denied explicitly, so the install neither compiles it (minutes) nor warns.
    allowScripts: { 'better-sqlite3': false },
  });
  await writeFile(join(project, 'package.json'), JSON.stringify(consumer.manifest));
  await writeFile(join(project, 'package-lock.json'), JSON.stringify(consumer.lockfile));
  for (const name of ['consumer.ts', 'cdk-consumer.ts', 'probe.mjs', 'probe-hooks.mjs'])
    await copyFile(join(consumerSources, name), join(project, name));

  const started = performance.now();
  await succeed('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
  const installMs = performance.now() - started;
  console.log(
    `[package] ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KiB packed, ` +
      `${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked; npm ci --offline of a new project: ${(installMs / 1000).toFixed(1)} s`,
  );
}, 240_000);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
});

describe('the tarball', () => {
  it('ships the build, its types, the page, the CLI, the docs and the examples', () => {
    const paths = packed.files.map((f) => f.path);
    for (const path of [
      'bin/sekisho.js',
      'dist/exports/index.js',
      'dist/exports/index.d.ts',
      'dist/exports/triage.js',
      'dist/exports/triage.d.ts',
      'dist/exports/receiver.js',
      'dist/exports/receiver.d.ts',
      'docs/receiver.md',
      'dist/cdk/index.js',
      'dist/cdk/index.d.ts',
      'dist/lambda/scan/index.mjs',
      'dist/lambda/clamd.Dockerfile',
      'dist/runtime/cli/entry.js',
      'web/dist/index.html',
      'examples/triage/ecs-out-of-memory.json',
      'docs/triage.md',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
    ])
      expect(paths).toContain(path);
  });

  it('ships no sources, tests, benchmarks, fixtures, scripts or source maps', () => {
    const unwanted = packed.files
      .map((f) => f.path)
      .filter(
        (p) => /^(src|test|bench|scripts)\/|\.test\.|fixtures|\.map$|\.ts$/.test(p) && !p.endsWith('.d.ts'),
      );
    expect(unwanted).toEqual([]);
  });

  it('has a file for every target of its exports map', () => {
    const paths = new Set(packed.files.map((f) => f.path));
    const targets = Object.values(manifest.exports).flatMap((t) =>
      typeof t === 'string' ? [t] : Object.values(t as Record<string, string>),
    );
    expect(targets.length).toBeGreaterThan(2);
    for (const target of targets) expect(paths, target).toContain(target.replace(/^\.\//, ''));
  });
});

/** Type-checks (and compiles) `files` in the project with the consumer's tsconfig; expects no output. */
async function typeCheck(name: string, files: string[], options: Record<string, unknown> = {}) {
  const tsconfig = JSON.parse(await readFile(join(consumerSources, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
    files: string[];
  };
  // @types/node from this checkout: the consumer's own install holds only sekisho and its dependencies.
  tsconfig.compilerOptions = {
    ...tsconfig.compilerOptions,
    typeRoots: [join(root, 'node_modules/@types')],
    ...options,
  };
  tsconfig.files = files;
  await writeFile(join(project, name), JSON.stringify(tsconfig));
  const tsc = await run('node', [join(root, 'node_modules/typescript/bin/tsc'), '-p', name], project);
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.code).toBe(0);
}

describe('installed in a new project', () => {
  it('did not build the native SQLite binding (its install script was denied)', () => {
    expect(existsSync(join(project, 'node_modules/better-sqlite3/lib/index.js'))).toBe(true);
    expect(existsSync(join(project, 'node_modules/better-sqlite3/build'))).toBe(false);
  });

  it('runs `npx sekisho --help` and `--version` without it', async () => {
    const help = await run('npx', ['--no', '--', 'sekisho', '--help'], project);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: sekisho <command>');
    const version = await run('npx', ['--no', '--', 'sekisho', '--version'], project);
    expect(version).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });

  it('diagnoses the bundled example with `sekisho triage --example`', async () => {
    const result = await sekisho(['triage', '--example', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ category: 'out_of_memory' });
  });

  it('scans files with `sekisho scan`: clean text passes, the EICAR test file does not', async () => {
    await writeFile(join(project, 'notes.txt'), 'Meeting notes, nothing else.\n');
    await writeFile(join(project, 'eicar.com'), samples.eicar);
    const clean = await sekisho(['scan', 'notes.txt']);
    expect(clean).toMatchObject({ code: 0, stdout: expect.stringMatching(/^notes\.txt: clean/) });
    const infected = await sekisho(['scan', 'eicar.com']);
    expect(infected).toMatchObject({ code: 1, stdout: expect.stringMatching(/^eicar\.com: infected/) });
  });

  it('says what to do when a gate command needs the missing binding, with no stack trace', async () => {
    // An existing data directory, so that the command gets as far as opening the database.
    await mkdir(join(project, 'data'), { recursive: true });
    const result = await sekisho(['dlq', 'list', '--data', 'data']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SQLITE_BINDING_MISSING');
    expect(result.stderr).toContain('allowScripts');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('imports every export; none loads the AWS SDK, Slack or SQLite on import', async () => {
    const out = await succeed('node', ['probe.mjs', join(dir, 'loaded.log'), ...entryPoints], project);
    const probe = JSON.parse(out) as Probe;
    expect(Object.keys(probe)).toEqual(entryPoints);
    expect(probe.sekisho?.exports).toEqual(expect.arrayContaining(['SekishoError', 'startGate', 'version']));
    expect(probe['sekisho/triage']?.exports).toEqual(
      expect.arrayContaining([
        'diagnose',
        'parseHistory',
        'renderMarkdown',
        'renderSlackMessage',
        'renderText',
        'toJsonReport',
        'triageLive',
      ]),
    );
    expect(probe['sekisho/triage']?.loaded.some((m) => m.endsWith('/sekisho/dist/exports/triage.js'))).toBe(
      true,
    );
    expect(probe['sekisho/receiver']?.exports).toEqual(
      expect.arrayContaining([
        'createQuarantineUploadPresigner',
        'createReleaseReceiver',
        'dynamoDbVerdictLookup',
        's3ObjectReader',
      ]),
    );
    // The web app's side runs where no native binding was built: importing it loads no SQLite.
    const receiverLoaded = probe['sekisho/receiver']?.loaded ?? [];
    expect(receiverLoaded.some((m) => m.endsWith('/sekisho/dist/exports/receiver.js'))).toBe(true);
    expect(receiverLoaded.filter((m) => /better-sqlite3|@slack\//.test(m))).toEqual([]);
    for (const [specifier, { exports, loaded }] of Object.entries(probe)) {
      expect(exports.length, specifier).toBeGreaterThan(0);
      const unwanted = mustNotLoad[specifier] ?? mustNotLoadByDefault;
      expect(
        loaded.filter((m) => unwanted.test(m)),
        specifier,
      ).toEqual([]);
    }
  });

  it('the probe does see a heavy package when one is loaded (so the check above can fail)', async () => {
    const out = await succeed(
      'node',
      ['probe.mjs', join(dir, 'control.log'), 'better-sqlite3', '@aws-sdk/client-sfn'],
      project,
    );
    const probe = JSON.parse(out) as Probe;
    expect(probe['better-sqlite3']?.loaded.some((m) => m.includes('node_modules/better-sqlite3/'))).toBe(
      true,
    );
    expect(
      probe['@aws-sdk/client-sfn']?.loaded.some((m) => m.includes('node_modules/@aws-sdk/client-sfn/')),
    ).toBe(true);
  });

  // tsc loads all of @types/node (skipLibCheck is off, as in a careful consumer): slow on a busy machine.
  it('type-checks a consumer against the shipped .d.ts (strict, NodeNext) and runs it', {
    timeout: 120_000,
  }, async () => {
    // Every entry point's declarations, the ones consumer.ts does not use included.
    await writeFile(
      join(project, 'entry-points.ts'),
      entryPoints
        // sekisho/cdk's declarations pull in all of aws-cdk-lib's: checked on their own below.
        .filter((e) => e !== 'sekisho/cdk')
        .map((e, i) => `export * as entry${i} from '${e}';\n`)
        .join(''),
    );
    await typeCheck('tsconfig.json', ['consumer.ts', 'entry-points.ts']);
    const seen = JSON.parse(await succeed('node', ['consumer.js'], project)) as Record<string, unknown>;
    expect(seen).toMatchObject({
      version: manifest.version,
      category: 'out_of_memory',
      reportCategory: 'out_of_memory',
      text: expect.stringContaining('[out_of_memory]'),
      japanese: { category: 'image_pull' },
      gate: 'SQLITE_BINDING_MISSING',
      receiver: { forged: 401, unsigned: 'SIGNATURE_INVALID' },
    });
    expect(seen.slackBlocks).toBeGreaterThan(2);
  });

  // aws-cdk-lib and constructs come from the project's install (sekisho's optional peers), the
  // handler bundles from the tarball's dist/lambda. skipLibCheck here: checking aws-cdk-lib's own
  // declarations takes minutes; the consumer's use of sekisho/cdk's types is still checked (its
  // expect-error directive fails the check if those types were `any`).
  it('type-checks a team’s CDK app against `sekisho/cdk` and synthesises FileGate and BatchFailureTriage', {
    timeout: 300_000,
  }, async () => {
    await typeCheck('tsconfig.cdk.json', ['cdk-consumer.ts'], { skipLibCheck: true });
    const seen = JSON.parse(await succeed('node', ['cdk-consumer.js'], project)) as {
      prefix: string;
      handlers: string[];
      assetFiles: string[][];
    };
    expect(seen.prefix).toBe('quarantine/');
    expect(seen.handlers).toEqual(Array(4).fill('index.handler nodejs24.x'));
    // scan, release, reconcile and triage: one bundle each, exactly as shipped.
    expect(seen.assetFiles).toEqual(Array(4).fill(['index.mjs']));
  });
});

// Both check the tarball as a registry would serve it, offline. They are dev dependencies.
describe('package linters', () => {
  const bin = (name: string) => join(root, 'node_modules/.bin', name);

  it('publint (strict) finds nothing to fix', { timeout: 60_000 }, async () => {
    const result = await run(bin('publint'), ['run', '--strict', join(dir, packed.filename)], root);
    expect(result.stdout).toContain('All good');
    expect(result.code).toBe(0);
  });

  it('arethetypeswrong resolves every export to its types under Node ESM and bundlers', {
    timeout: 60_000,
  }, async () => {
    const result = await run(bin('attw'), [join(dir, packed.filename), '--profile', 'esm-only'], root);
    expect(result.stdout).toContain('"sekisho/triage"');
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});
