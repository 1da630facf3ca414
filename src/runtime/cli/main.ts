import { publicError } from '../../shared/errors.js';
import { packageVersion } from '../package-version.js';
import type { CliIo, Command } from './command.js';
import { commands } from './commands/index.js';

const EXIT_BAD_INPUT = 2;

function help(list: readonly Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length), 4);
  const lines = list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'sekisho: a file safety gate with an event-driven release, and a triage for failed ECS batch jobs.',
    '',
    'Usage: sekisho <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `sekisho <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

/** Runs the CLI and returns its exit code; never lets a stack trace reach the terminal. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  list: readonly Command[] = commands,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help(list));
    return name === undefined ? EXIT_BAD_INPUT : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = list.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(`sekisho: unknown command '${name}'. Run 'sekisho --help' to list the commands.\n`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const { code, message, status } = publicError(error);
    if (code === 'INTERNAL') {
      // A terminal belongs to the operator: the cause's message helps, the stack only on request.
      const cause = error instanceof Error ? error.message : String(error);
      io.stderr.write(`sekisho ${name}: unexpected error: ${cause} (INTERNAL)\n`);
      if (io.env.SEKISHO_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
      else io.stderr.write('Set SEKISHO_DEBUG=1 to print the stack trace.\n');
      return 1;
    }
    io.stderr.write(`sekisho ${name}: ${message} (${code})\n`);
    return status >= 400 && status < 500 ? EXIT_BAD_INPUT : 1;
  }
}
