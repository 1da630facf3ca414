import { readFileSync } from 'node:fs';

interface LockEntry {
  readonly dev?: boolean;
  readonly [field: string]: unknown;
}
interface Lockfile {
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, LockEntry>>;
}

/**
 * The package-lock.json of a new project that depends on nothing but the packed tarball: sekisho's own
 * locked production dependencies (its dev dependencies dropped) placed under the consumer's
 * node_modules, and sekisho itself resolved from the tarball. With it, `npm ci --offline` installs
 * from the tarball and npm's cache alone: the cache holds these exact tarballs (by integrity) from the
 * project's own install, but not the registry's metadata a fresh resolution would need.
 */
export function consumerLockfile(projectRoot: string, tarballSpec: string, integrity: string): object {
  const lock = JSON.parse(readFileSync(`${projectRoot}/package-lock.json`, 'utf8')) as Lockfile;
  const manifest = JSON.parse(readFileSync(`${projectRoot}/package.json`, 'utf8')) as Record<string, unknown>;
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { sekisho: tarballSpec } },
    'node_modules/sekisho': {
      version: manifest.version,
      resolved: tarballSpec,
      integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages))
    if (path !== '' && entry.dev !== true) packages[path] = entry;
  return { name: 'consumer', lockfileVersion: lock.lockfileVersion, requires: true, packages };
}
