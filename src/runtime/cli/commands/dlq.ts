import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createWebhookSender } from '../../../adapters/http/webhook-sender.js';
import { openGateDatabase } from '../../../adapters/sqlite/open-gate-database.js';
import { makeReleaseHandler } from '../../../gate/release/make-release-handler.js';
import { createStreamDispatcher } from '../../../gate/stream/dispatcher.js';
import type { DeadLetterEntry } from '../../../gate/stream/ports.js';
import { systemClock } from '../../../shared/clock.js';
import { InvalidInputError, SekishoError } from '../../../shared/errors.js';
import { silentLogger } from '../../../shared/logger.js';
import { loadWebhookSecrets } from '../../gate/webhook-secrets.js';
import { bad, checkDataDir, parseCommandArgs } from '../cli-options.js';
import type { CliIo, Command } from '../command.js';

const USAGE = `Usage:
  sekisho dlq list [--data DIR] [--format text|json]
  sekisho dlq replay <id|--all> [--data DIR]

Lists the stream batches the release gave up on (the dead letters), or delivers them again to the
web app of the server recorded in <data>/server.json (or demo.json). An entry is deleted only when
its replay succeeds; when the server is not reachable, it stays.
`;

function usage(message: string): never {
  return bad('dlq', message);
}

async function serverUrl(dataDir: string): Promise<string> {
  for (const name of ['server.json', 'demo.json']) {
    try {
      const parsed = JSON.parse(await readFile(join(dataDir, name), 'utf8')) as { baseUrl?: unknown };
      if (typeof parsed.baseUrl === 'string') return parsed.baseUrl;
    } catch {
      // try the next file
    }
  }
  throw new InvalidInputError(
    'SERVER_UNKNOWN',
    `No server URL in ${dataDir}/server.json or demo.json; start 'sekisho serve --data ${dataDir}' first.`,
  );
}

function describe(entry: DeadLetterEntry): string {
  return [
    `${entry.id}  failed ${new Date(entry.failedAt).toISOString()}  attempts ${entry.attempts}  ${entry.condition}`,
    `    files: ${entry.fileIds.join(', ')}`,
    `    sequence ${entry.firstSequence}..${entry.lastSequence} (${entry.records.length} records)`,
    `    reason: ${entry.reason}`,
  ].join('\n');
}

/** `sekisho dlq list|replay`: the release's dead letters, from the data directory's gate database. */
export const dlqCommand: Command = {
  name: 'dlq',
  summary: 'List or replay the verdict records the release gave up on',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const [action, ...rest] = argv;
    if (action !== 'list' && action !== 'replay')
      usage(action === undefined ? 'Give an action: list or replay' : `Unknown action '${action}'`);
    const parsed = parseCommandArgs(
      'dlq',
      rest,
      { data: { type: 'string' }, format: { type: 'string' }, all: { type: 'boolean' } },
      true,
    );
    const dataDir = resolve(io.cwd, parsed.values.data ?? './data');
    // Only a server creates a data directory: a typo here must not read a new, empty database.
    await checkDataDir(dataDir, { create: false });
    const db = openGateDatabase(join(dataDir, 'gate.sqlite'));
    try {
      if (action === 'list') {
        const format = parsed.values.format ?? 'text';
        if (format !== 'text' && format !== 'json') usage(`--format must be text or json; got '${format}'`);
        const entries = await db.deadLetters.list();
        if (format === 'json') io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        else if (entries.length === 0) io.stdout.write('No dead letters.\n');
        else io.stdout.write(`${entries.map(describe).join('\n')}\n`);
        return 0;
      }
      if (action === 'replay') {
        const all = parsed.values.all === true;
        const ids = all ? (await db.deadLetters.list()).map((e) => e.id) : parsed.positionals;
        if (all && ids.length === 0) {
          io.stdout.write('No dead letters to replay.\n');
          return 0;
        }
        if (ids.length === 0) usage('Name the dead letter to replay, or --all');
        const url = await serverUrl(dataDir);
        const secrets = await loadWebhookSecrets(dataDir, io.env);
        // Not started: used only for its replay, which deletes an entry once the handler succeeds.
        const dispatcher = createStreamDispatcher({
          stream: db.verdicts,
          checkpoints: db.checkpoints,
          deadLetters: db.deadLetters,
          handler: makeReleaseHandler({
            sender: createWebhookSender({ url: `${url}/api/webhooks/verdicts`, secrets, clock: systemClock }),
            logger: silentLogger,
          }),
          clock: systemClock,
          logger: silentLogger,
        });
        let failed = 0;
        for (const id of ids) {
          const result = await dispatcher.replayDeadLetter(id);
          if (result.replayed) io.stdout.write(`${id}: replayed\n`);
          else {
            failed++;
            io.stderr.write(`${id}: not replayed, the entry stays: ${result.error ?? 'unknown error'}\n`);
          }
        }
        if (failed > 0)
          throw new SekishoError(
            'REPLAY_FAILED',
            `${failed} of ${ids.length} replays failed; is the server at ${url} running?`,
          );
        return 0;
      }
      return usage(`Unknown action '${action}'`);
    } finally {
      db.close();
    }
  },
};
