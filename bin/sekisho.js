#!/usr/bin/env node
// The `sekisho` command. It runs the compiled code in dist/ (built by `npm ci` through the
// `prepare` script); from a checkout without a build, run `npm run build` first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/runtime/cli/entry.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'sekisho: dist/ is missing. Run `npm ci` (or `npm run build`) in the sekisho checkout first.\n',
  );
  process.exit(1);
}
await import(entry.href);
