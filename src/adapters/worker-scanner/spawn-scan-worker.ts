import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The scan worker next to this module: `scan-worker.js` when running from the compiled `dist/`,
 * `scan-worker.ts` when the sources run under tsx or vitest.
 */
export const DEFAULT_SCAN_WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js',
  import.meta.url,
);

/**
 * Starts a worker thread on `entry`. A `.js` entry starts as is. A `.ts` entry (tests, tsx) starts
 * through a bootstrap that registers tsx's loader first: Node 20 loads a worker's entry module
 * before any `--import` given in `execArgv` has registered its hooks, so `execArgv: ['--import',
 * 'tsx']` alone fails with ERR_UNKNOWN_FILE_EXTENSION.
 */
export function spawnScanWorker(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  // The ESM build of tsx's API (`register` of its loader); require.resolve finds the CJS twin.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
