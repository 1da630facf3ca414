import { resolve } from 'node:path';
import { createClamdScanner } from '../../../adapters/clamd/clamd-scanner.js';
import { fileSubject } from '../../../adapters/fs/file-subject.js';
import { explainVerdict } from '../../../gate/explain-verdict.js';
import type { Scanner, ScanSubject } from '../../../gate/ports.js';
import { createBuiltinScanner } from '../../../gate/scan/builtin/builtin-scanner.js';
import { scanFile } from '../../../gate/scan/scan-file.js';
import type { Verdict } from '../../../gate/verdict.js';
import { systemClock } from '../../../shared/clock.js';
import { bad, clamdOption, parseCommandArgs, parseDuration } from '../cli-options.js';
import type { CliIo, Command } from '../command.js';

const USAGE = `Usage: sekisho scan <file>... [--format text|json] [--clamd tcp://HOST:PORT|unix:PATH] [--timeout 30s]

Scans local files with the same engines and policy as the gate: the built-in engine always, and
ClamAV when --clamd gives the address of a running clamd (it needs AlertExceedsMax yes).

Options:
  --format text|json   text: one line per file; json: [{file, verdict, explanation}] (default text)
  --clamd ADDRESS      clamd over TCP (tcp://127.0.0.1:3310) or a unix socket (unix:/run/clamav/clamd.ctl)
  --timeout DURATION   how long each engine may take per file: 500ms, 30s, 2m (default 30s)

Exit status: 0 when every file is clean, 1 when any is not, 2 for bad input.
`;

function usage(message: string): never {
  return bad('scan', message);
}

function parse(argv: readonly string[]) {
  return parseCommandArgs(
    'scan',
    argv,
    { format: { type: 'string' }, clamd: { type: 'string' }, timeout: { type: 'string' } },
    true,
  );
}

function textLine(file: string, verdict: Verdict): string {
  const type = verdict.detectedType ?? 'unknown type';
  if (verdict.kind === 'clean') return `${file}: clean (${type})`;
  const findings = verdict.findings.map((f) => `${f.rule} [${f.engine}]: ${f.detail}`).join('; ');
  return `${file}: ${verdict.kind} (${type}) ${findings}`;
}

/** `sekisho scan <file>...`: the verdict of local files, with the gate's engines and policy. */
export const scanCommand: Command = {
  name: 'scan',
  summary: 'Scan local files with the built-in engine (and clamd) and print their verdicts',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const parsed = parse(argv);
    const { values, positionals } = parsed;
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') usage(`--format must be text or json, not '${format}'`);
    const timeoutMs = parseDuration(values.timeout ?? '30s');
    if (timeoutMs === null)
      usage(`--timeout must be a duration such as 30s or 500ms, not '${values.timeout}'`);
    if (positionals.length === 0) usage('Give at least one file to scan');
    const engines: Scanner[] = [createBuiltinScanner()];
    if (values.clamd !== undefined)
      engines.push(createClamdScanner({ address: clamdOption('scan', values.clamd), timeoutMs }));
    // Open every file first, so that a typo is reported before minutes of scanning.
    const subjects: [string, ScanSubject][] = [];
    for (const file of positionals) subjects.push([file, await fileSubject(resolve(io.cwd, file))]);
    const results: { file: string; verdict: Verdict }[] = [];
    for (const [file, subject] of subjects) {
      const verdict = await scanFile(subject, engines, { timeoutMs, clock: systemClock });
      results.push({ file, verdict });
      if (format === 'text') io.stdout.write(`${textLine(file, verdict)}\n`);
    }
    if (format === 'json')
      io.stdout.write(
        `${JSON.stringify(
          results.map((r) => ({ ...r, explanation: explainVerdict(r.verdict) })),
          null,
          2,
        )}\n`,
      );
    return results.every((r) => r.verdict.kind === 'clean') ? 0 : 1;
  },
};
