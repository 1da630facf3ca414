// The layering guard. Exits 1 and names every offending import.
// 1. The cores (src/gate, src/triage) are pure: they import no SDK, no database, no HTTP or
//    filesystem module, and nothing from src/adapters or src/runtime.
// 2. The HTTP routes and server (src/runtime/server) import no adapter: they reach storage
//    through the ports the wiring hands them (only the wiring, e.g. src/runtime/gate, opens adapters).
// 3. Adapters import nothing from src/runtime: they implement ports, they do not wire.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const sdkAndIo = [
  /^@aws-sdk\//,
  /^@slack\//,
  /^better-sqlite3$/,
  /^busboy$/,
  /^pino/,
  /^prom-client$/,
  /^playwright/,
  /^node:(http|https|http2|net|tls|dgram|fs|fs\/promises|child_process|cluster|worker_threads)$/,
];
const dir = (d) => join(root, d);

/** Each rule: the files it covers, the packages and the directories they must not import. */
const rules = [
  {
    scope: ['src/gate', 'src/triage'],
    packages: sdkAndIo,
    dirs: ['src/adapters', 'src/runtime'],
    why: 'core code must not import SDKs, I/O modules, adapters or entry points; put the I/O behind a port in the core and implement it under src/adapters',
  },
  {
    scope: ['src/runtime/server'],
    packages: [/^better-sqlite3$/, /^@aws-sdk\//],
    dirs: ['src/adapters'],
    why: 'routes and the HTTP server use ports, not adapters; open the adapter in the wiring (src/runtime/gate) and pass the port in',
  },
  {
    scope: ['src/adapters'],
    packages: [],
    dirs: ['src/runtime'],
    why: 'adapters implement ports and must not import entry points or wiring',
  },
];

function* files(d) {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) yield path;
  }
}

const problems = [];
for (const rule of rules) {
  const forbiddenDirs = rule.dirs.map(dir);
  for (const scope of rule.scope) {
    let list;
    try {
      list = [...files(dir(scope))];
    } catch {
      continue;
    }
    for (const file of list) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(
        /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
      )) {
        const spec = match[1] ?? match[2] ?? match[3];
        const where = relative(root, file);
        if (rule.packages.some((re) => re.test(spec)))
          problems.push(`${where}: imports '${spec}' (${rule.why})`);
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (forbiddenDirs.some((d) => target.startsWith(d)))
            problems.push(`${where}: imports '${spec}' (${rule.why})`);
        }
      }
    }
  }
}

if (problems.length > 0) {
  console.error('Layering check failed:');
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(
  'Layering check passed: the cores import no SDK, I/O module, adapter or entry point; routes import no adapter; adapters import no entry point.',
);
