// Bundles the page (web/src) into static assets in web/dist, which `sekisho serve` serves.
// Part of `npm run build`, which `npm ci` runs through `prepare`: there is no second manual step.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const entry = 'web/src/main.tsx';
if (!existsSync(entry)) {
  console.log('build-web: no web/src/main.tsx yet; nothing to bundle.');
  process.exit(0);
}
// esbuild strips types without checking them; check the page's own tsconfig (DOM types) first,
// so a type error fails the build instead of reaching the browser.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '--noEmit', '-p', 'web/tsconfig.json'], { stdio: 'inherit' });

// Build into a private directory, then rename each file into web/dist: two builds at once (the
// browser test files each make sure the page is fresh) never leave a half-written asset behind.
const staging = `web/.build-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
try {
  await build({
    entryPoints: { app: entry },
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: 'es2022',
    outdir: staging,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'css' },
    logLevel: 'warning',
  });
  for (const name of readdirSync('web/public', { withFileTypes: true }))
    if (name.isFile()) copyFileSync(join('web/public', name.name), join(staging, name.name));
  mkdirSync('web/dist', { recursive: true });
  for (const name of readdirSync(staging)) renameSync(join(staging, name), join('web/dist', name));
} finally {
  rmSync(staging, { recursive: true, force: true });
}
console.log('build-web: web/dist is ready.');
