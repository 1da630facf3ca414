// Imports the modules named on the command line and prints their export names and every module
// that loaded: ES modules through a resolve hook, CommonJS ones from require's cache.
import { readFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const [log, ...specifiers] = process.argv.slice(2);
register('./probe-hooks.mjs', import.meta.url, { data: { log } });
const exports = {};
for (const specifier of specifiers) exports[specifier] = Object.keys(await import(specifier)).sort();
const esm = readFileSync(log, 'utf8').split('\n').filter(Boolean);
const cjs = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({ exports, loaded: [...esm, ...cjs] }));
