// Bundles the page (web/src) into static assets in web/dist, which `sekisho serve` serves.
// Part of `npm run build`, which `npm ci` runs through `prepare`: there is no second manual step.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
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
mkdirSync('web/dist', { recursive: true });
await build({
  entryPoints: { app: entry },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: 'es2022',
  outdir: 'web/dist',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  loader: { '.css': 'css' },
  logLevel: 'warning',
});
if (existsSync('web/public'))
  for (const name of readdirSync('web/public', { withFileTypes: true })) {
    if (name.isFile()) copyFileSync(`web/public/${name.name}`, `web/dist/${name.name}`);
  }
console.log('build-web: web/dist is ready.');
