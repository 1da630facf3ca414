import { runCli } from './main.js';

// The process edge: the only place that touches process.argv and process.exitCode.
process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
