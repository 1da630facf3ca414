/** What a CLI command sees of the outside world: its streams and environment, so tests can run it in-process. */
export interface CliIo {
  /** Standard input; the process edge passes the real one, tests may omit it or pass their own. */
  readonly stdin?: AsyncIterable<Buffer | string>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** One `sekisho <name>` command. `run` returns the exit code: 0 done, 2 bad input, 1 anything else. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
