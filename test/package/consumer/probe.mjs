// Imports the modules named on the command line, one after the other, and prints for each its
// export names and the modules its import loaded: ES modules through a resolve hook, CommonJS ones
// from require's cache.
import { readFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const [log, ...specifiers] = process.argv.slice(2);
register('./probe-hooks.mjs', import.meta.url, { data: { log } });
const cache = createRequire(import.meta.url).cache;
const loadedSoFar = () => [...readFileSync(log, 'utf8').split('\n').filter(Boolean), ...Object.keys(cache)];

const report = {};
for (const specifier of specifiers) {
  const before = new Set(loadedSoFar());
  const exports = Object.keys(await import(specifier)).sort();
  report[specifier] = { exports, loaded: loadedSoFar().filter((m) => !before.has(m)) };
}
console.log(JSON.stringify(report));
