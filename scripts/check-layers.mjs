// The layering guard: the cores (src/gate, src/triage) are pure. They import no SDK, no database,
// no HTTP or filesystem module, and nothing from src/adapters or src/runtime. Adapters and entry
// points depend on the core, never the other way round. Exits 1 and names every offending import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const cores = ['src/gate', 'src/triage'];
const forbiddenPackages = [
  /^@aws-sdk\//,
  /^@slack\//,
  /^better-sqlite3$/,
  /^busboy$/,
  /^pino/,
  /^prom-client$/,
  /^playwright/,
  /^node:(http|https|http2|net|tls|dgram|fs|fs\/promises|child_process|cluster|worker_threads)$/,
];
const forbiddenDirs = ['src/adapters', 'src/runtime'].map((d) => join(root, d));

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) yield path;
  }
}

const problems = [];
for (const core of cores) {
  let list;
  try {
    list = [...files(join(root, core))];
  } catch {
    continue;
  }
  for (const file of list) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    )) {
      const spec = match[1] ?? match[2];
      const where = relative(root, file);
      if (forbiddenPackages.some((re) => re.test(spec))) problems.push(`${where}: imports '${spec}'`);
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (forbiddenDirs.some((d) => target.startsWith(d)))
          problems.push(`${where}: imports '${spec}' (an adapter or entry point)`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(
    'Layering check failed: core code must not import SDKs, I/O modules, adapters or entry points.',
  );
  for (const p of problems) console.error(`  ${p}`);
  console.error('Move the I/O behind a port in the core and implement it under src/adapters.');
  process.exit(1);
}
console.log(
  'Layering check passed: src/gate and src/triage import no SDK, I/O module, adapter or entry point.',
);
