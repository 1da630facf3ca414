import { runCli } from './main.js';

// The AWS SDK prints a multi-line warning on Node < 22 when a client is created (its releases
// after January 2027 need Node 22). sekisho supports Node 20 and says so in the README; the
// warning would only bury the command's own output. An explicit setting by the user wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// The process edge: the only place that touches process.argv and process.exitCode.
process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
