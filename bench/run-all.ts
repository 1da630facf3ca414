// Runs every benchmark under bench/ in sequence, each in its own process with short settings (its
// own flags for a quick run), and prints each one's figures as it goes, then a summary of how long
// each took and whether it succeeded. For the full figures, run a benchmark alone with its defaults.
//
//   npm run bench            (node --import tsx bench/run-all.ts)
//   node --import tsx bench/run-all.ts [--only name,name]
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The quick settings of each benchmark, read from its own flags (see the top of each file). */
const QUICK: Readonly<Record<string, readonly string[]>> = {
  'event-loop-under-scan': ['--files', '2', '--size-mb', '10'],
  'healthz-under-burst': ['--uploads', '50', '--size-kb', '256'],
  'release-latency': ['--files', '30', '--poll-files', '5', '--poll-interval', '2s'],
  'scan-throughput': ['--sizes', '1,10', '--runs', '3'],
  'stream-append': ['1000'],
  'triage-diagnose': [],
  'upload-load': ['--seconds', '5', '--rate', '10', '--skip-1gb'],
};

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const dir = fileURLToPath(new URL('.', import.meta.url));
const only = values.only?.split(',');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts')
  .map((f) => f.slice(0, -3))
  .filter((name) => only === undefined || only.includes(name))
  .sort();

function run(name: string, args: readonly string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${dir}${name}.ts`, ...args], {
      stdio: 'inherit',
    });
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
}

const summary: string[] = [];
for (const name of names) {
  const args = QUICK[name];
  console.log(
    `\n=== ${name} ${args === undefined ? '(no quick settings known: its defaults)' : args.join(' ')}`,
  );
  const started = performance.now();
  const code = await run(name, args ?? []);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  summary.push(
    `${name.padEnd(24)} ${code === 0 ? 'ok    ' : `FAILED (exit ${code})`} ${seconds.padStart(7)} s`,
  );
}
console.log(`\n=== summary\n${summary.join('\n')}`);
if (summary.some((line) => line.includes('FAILED'))) process.exitCode = 1;
