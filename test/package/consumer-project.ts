import { readFileSync } from 'node:fs';

interface LockEntry {
  readonly dev?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly [field: string]: unknown;
}
interface Lockfile {
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, LockEntry>>;
}
interface Manifest {
  readonly version: string;
  readonly license: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly bin?: unknown;
  readonly engines?: unknown;
}

/** A consumer project's package.json and package-lock.json, to be installed with `npm ci --offline`. */
export interface ConsumerProject {
  readonly manifest: object;
  readonly lockfile: object;
}

/** Where Node finds `name` from the package installed at `from`: its own node_modules, then each parent's. */
function locate(packages: Lockfile['packages'], from: string, name: string): string | null {
  for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
    const path = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[path] !== undefined) return path;
    if (base === '') return null;
  }
}

/** The lock paths of `names` and everything they depend on, as the project's lock placed them. */
function closure(packages: Lockfile['packages'], names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (from: string, name: string) => {
    const path = locate(packages, from, name);
    if (path === null || seen.has(path)) return;
    seen.add(path);
    const entry = packages[path];
    for (const dep of Object.keys({ ...entry?.dependencies, ...entry?.optionalDependencies }))
      visit(path, dep);
  };
  for (const name of names) visit('', name);
  return seen;
}

/**
 * A new project that depends on the packed tarball and on sekisho's peer dependencies (so that every
 * export, `sekisho/cdk` included, can be imported), with a lockfile built from sekisho's own: its
 * production dependencies, plus each peer with what it depends on, where the project's lock placed
 * them. With it, `npm ci --offline` installs from the tarball and npm's cache alone: the cache holds
 * these exact tarballs (by integrity) from the project's own install, but not the registry's metadata
 * a fresh resolution would need.
 */
export function consumerProject(
  projectRoot: string,
  tarballSpec: string,
  integrity: string,
  extra: Readonly<Record<string, unknown>> = {},
): ConsumerProject {
  const lock = JSON.parse(readFileSync(`${projectRoot}/package-lock.json`, 'utf8')) as Lockfile;
  const sekisho = JSON.parse(readFileSync(`${projectRoot}/package.json`, 'utf8')) as Manifest;
  const peers = sekisho.peerDependencies ?? {};
  const dependencies = { sekisho: tarballSpec, ...peers };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies },
    'node_modules/sekisho': {
      version: sekisho.version,
      resolved: tarballSpec,
      integrity,
      license: sekisho.license,
      dependencies: sekisho.dependencies,
      ...(Object.keys(peers).length === 0 ? {} : { peerDependencies: peers }),
      bin: sekisho.bin,
      engines: sekisho.engines,
    },
  };
  const wanted = closure(lock.packages, Object.keys(peers));
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || (entry.dev === true && !wanted.has(path))) continue;
    const { dev: _dev, ...rest } = entry;
    packages[path] = rest;
  }
  return {
    manifest: { name: 'consumer', private: true, type: 'module', dependencies, ...extra },
    lockfile: { name: 'consumer', lockfileVersion: lock.lockfileVersion, requires: true, packages },
  };
}
