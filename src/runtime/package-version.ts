import { readFileSync } from 'node:fs';

/**
 * The version in sekisho's own package.json, two levels above this file (src/runtime or
 * dist/runtime). Not `npm_package_version`, which under `npx` in another project is that project's
 * version. `unknown` where the file is not beside the code (a bundle), rather than failing the import.
 */
export function packageVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
