// The built-in engine as users run it: the JavaScript that `npm run build` compiles into dist/,
// which `npm start`, the CLI, the server's scan workers and the Lambda bundles load. Loading it
// from src/ through tsx measures something else: tsx keeps function names by wrapping every
// closure it creates in a helper call, which costs the hot loops up to a third of their time.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { fileSubject as FileSubject } from '../../src/adapters/fs/file-subject.js';
import type { createBuiltinScanner as CreateBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Source files newer than their compiled output: the build is stale and the figures would lie. */
function staleSources(root: string): string[] {
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const out = join(root, 'dist', relative(join(root, 'src'), path)).replace(/\.ts$/, '.js');
        if (!existsSync(out) || statSync(out).mtimeMs < statSync(path).mtimeMs)
          stale.push(relative(root, path));
      }
    }
  };
  walk(join(root, 'src/gate/scan'));
  walk(join(root, 'src/adapters/fs'));
  return stale;
}

/**
 * The compiled built-in engine and file adapter of the checkout at `root` (this one by default).
 * Exits with a message saying what to run when dist/ is missing or older than src/.
 */
export async function compiledEngine(root = ROOT): Promise<{
  createBuiltinScanner: typeof CreateBuiltinScanner;
  fileSubject: typeof FileSubject;
}> {
  const stale = staleSources(root);
  if (stale.length > 0) {
    console.error(
      `The compiled engine in ${join(root, 'dist')} is missing or older than its source (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}). Run \`npm run build\` there first.`,
    );
    process.exit(2);
  }
  const scanner = await import(join(root, 'dist/gate/scan/builtin/builtin-scanner.js'));
  const fs = await import(join(root, 'dist/adapters/fs/file-subject.js'));
  return { createBuiltinScanner: scanner.createBuiltinScanner, fileSubject: fs.fileSubject };
}
