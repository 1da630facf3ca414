import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, SekishoError } from '../../shared/errors.js';
import { readTriageInput, type TriageInput } from '../../triage/input/read-triage-input.js';
import { describeError } from './describe-error.js';

// src/runtime/triage and dist/runtime/triage are both three levels below the package root.
const examplesDir = fileURLToPath(new URL('../../../examples/triage/', import.meta.url));

/** Where a history comes from: a file (relative to `cwd`), stdin, or a bundled example. */
export type HistoryInput =
  | { readonly kind: 'file'; readonly path: string; readonly cwd: string }
  | { readonly kind: 'stdin'; readonly stdin: AsyncIterable<Buffer | string> }
  | { readonly kind: 'example'; readonly name: string };

async function readStdin(stdin: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function readInputFile(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : describeError(error);
    throw new InvalidInputError('INPUT_UNREADABLE', `Cannot read ${shown}: ${why}.`, { cause: error });
  }
}

async function exampleNames(): Promise<string[]> {
  try {
    return (await readdir(examplesDir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  } catch {
    return [];
  }
}

async function readExample(name: string): Promise<string> {
  const names = await exampleNames();
  if (!names.includes(name))
    throw new InvalidInputError(
      'USAGE',
      `There is no example '${name}'; the examples are: ${names.join(', ') || '(none found)'}.`,
    );
  return readInputFile(resolve(examplesDir, `${name}.json`), `example ${name}`);
}

function inputFrom(text: string, shown: string): TriageInput {
  try {
    return readTriageInput(text);
  } catch (error) {
    if (error instanceof SekishoError)
      throw new InvalidInputError(error.code, `${shown}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** The name a message uses for the input: the path, `stdin`, or `example <name>`. */
export function inputName(input: HistoryInput): string {
  return input.kind === 'file' ? input.path : input.kind === 'stdin' ? 'stdin' : `example ${input.name}`;
}

/**
 * Reads and parses a saved input: an execution history, `aws ecs describe-tasks` output or an
 * EventBridge "ECS Task State Change" event (told apart by shape).
 *
 * @throws InvalidInputError naming the input and the problem: `INPUT_UNREADABLE` (no such file, a
 *   directory…), `USAGE` (unknown example), or the parser's `HISTORY_INVALID` (empty, not JSON, truncated,
 *   missing fields).
 */
export async function readTriageFile(input: HistoryInput): Promise<TriageInput> {
  const text =
    input.kind === 'example'
      ? await readExample(input.name)
      : input.kind === 'stdin'
        ? await readStdin(input.stdin)
        : await readInputFile(resolve(input.cwd, input.path), input.path);
  return inputFrom(text, inputName(input));
}
