// The resolve hook of probe.mjs: appends each module URL it resolves to a log file, synchronously,
// so the log is complete when the import resolves.
import { appendFileSync } from 'node:fs';

let log;
export function initialize(data) {
  log = data.log;
  appendFileSync(log, '');
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, `${result.url}\n`);
  return result;
}
