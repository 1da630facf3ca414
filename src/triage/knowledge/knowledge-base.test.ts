import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HistoryBuilder, LAMBDA_RESOURCE } from '../../../test/fixtures/triage/history-builder.js';
import { diagnose, diagnoseTask } from '../diagnose.js';
import type { Category, Diagnosis, Lang } from '../diagnosis.js';
import { readEcsObject } from '../ecs/read-ecs-cause.js';
import { parseHistory } from '../history/parse-history.js';
import { exitCodes } from './exit-codes.js';
import { adviceOf, type KnowledgeEntry } from './knowledge-entry.js';
import { lambdaErrors } from './lambda-errors.js';
import { matchMessage, messageFamilies } from './message-families.js';
import { runTaskFailures } from './run-task-failures.js';
import { stopCodes } from './stop-codes.js';
import { workflowErrors } from './workflow-errors.js';

interface Example {
  readonly source: string;
  readonly message: string;
  readonly in:
    | 'stoppedReason'
    | 'containerReason'
    | 'stopCode'
    | 'cause'
    | 'error'
    | 'lambdaError'
    | 'runTaskFailure';
  readonly expect: { readonly cause: string; readonly category: Category };
  readonly stopCode?: string;
  readonly exitCode?: number;
  readonly error?: string;
}

const file = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/triage/documents/aws-messages.json', import.meta.url), 'utf8'),
) as { documented: Example[]; field: Example[]; undocumented: Record<string, string> };

const TASK_ARN = 'arn:aws:ecs:us-east-1:111122223333:task/batch/0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09';

/** A stopped task (DescribeTasks' camelCase shape) carrying the example where the document says it appears. */
function taskOf(example: Example) {
  const container: Record<string, unknown> = { name: 'app', lastStatus: 'STOPPED' };
  if (example.in === 'containerReason') container.reason = example.message;
  if (example.exitCode !== undefined) container.exitCode = example.exitCode;
  const task = readEcsObject({
    taskArn: TASK_ARN,
    clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/batch',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/nightly:7',
    lastStatus: 'STOPPED',
    stopCode: example.in === 'stopCode' ? example.message : (example.stopCode ?? 'TaskFailedToStart'),
    ...(example.in === 'stoppedReason' ? { stoppedReason: example.message } : {}),
    containers: [container],
  });
  if (task?.kind !== 'task') throw new Error('not a task');
  return task.task;
}

/** A one-state execution that failed with the example as its error or cause. */
function historyOf(example: Example) {
  const b = new HistoryBuilder();
  b.start();
  const lambda = example.in === 'lambdaError';
  const error =
    example.in === 'runTaskFailure'
      ? 'States.TaskFailed'
      : lambda || example.in === 'error'
        ? example.message
        : (example.error ?? 'States.TaskFailed');
  const cause =
    example.in === 'runTaskFailure'
      ? JSON.stringify({
          Failures: [
            { Arn: 'arn:aws:ecs:us-east-1:111122223333:container-instance/batch/1', Reason: example.message },
          ],
          Tasks: [],
        })
      : example.in === 'cause'
        ? example.message
        : `${example.message}: as Step Functions reported it`;
  const last = b.task('RunBatch', [{ error, cause }], undefined, lambda ? LAMBDA_RESOURCE : undefined);
  b.failExecution(error, cause, last);
  return parseHistory(b.toJson());
}

function diagnoseExample(example: Example, lang: Lang): Diagnosis {
  const options = { lang, region: 'us-east-1' };
  return ['stoppedReason', 'containerReason', 'stopCode'].includes(example.in)
    ? diagnoseTask(taskOf(example), options)
    : diagnose(historyOf(example), options);
}

/** What must never reach a reader: template syntax, "?" for an unknown value, `<placeholders>`, null. */
const PLACEHOLDER = /\{\??\w+\}|\[\[|\]\]|\|\||(^|\s)\?(\s|$)|'\?'|<[a-z][\w -]*>|\bundefined\b/i;

function expectReadable(d: Diagnosis, quoted: string) {
  // The message itself may hold the document's own <placeholders> (quoted whole or in part, as an
  // image name); what sekisho adds may not.
  const own = quoted.match(/<[^>]+>/g) ?? [];
  for (const text of [d.title, d.explanation, ...d.nextSteps, d.retry.text, d.retry.reason]) {
    const added = own.reduce((rest, token) => rest.split(token).join(''), text.split(quoted).join(''));
    expect(added, text).not.toMatch(PLACEHOLDER);
  }
}

describe('the knowledge base, tested from the documents', () => {
  for (const [kind, examples] of [
    ['documented', file.documented],
    ['field', file.field],
  ] as const)
    for (const example of examples)
      it(`reads the ${kind} message "${example.message.slice(0, 90)}" as ${example.expect.cause}`, () => {
        for (const lang of ['en', 'ja'] as const) {
          const d = diagnoseExample(example, lang);
          expect(d.cause).toBe(example.expect.cause);
          expect(d.category).toBe(example.expect.category);
          expect(d.sources.every((s) => s.startsWith('https://'))).toBe(true);
          expectReadable(d, example.message);
        }
      });

  it('quotes every example with the https source it comes from', () => {
    for (const example of [...file.documented, ...file.field]) expect(example.source).toMatch(/^https:\/\//);
  });

  it('covers every message, Lambda and run-task entry with an example, or says why there is none', () => {
    const covered = coveredIds();
    const ids = [
      ...messageFamilies.flatMap((f) => f.entries.map((e) => e.id)),
      ...Object.values(lambdaErrors).map((e) => e.id),
      ...runTaskFailures.map((e) => e.id),
    ];
    const missing = [...new Set(ids)].filter((id) => !covered.has(id) && !(id in file.undocumented));
    expect(missing).toEqual([]);
    // An entry listed as undocumented that has gained an example should leave the list.
    expect(Object.keys(file.undocumented).filter((id) => covered.has(id))).toEqual([]);
  });
});

describe('specificity', () => {
  it('lets no entry shadow a more specific one: the expected entry is the first that matches its example', () => {
    const messages = [...file.documented, ...file.field].filter((e) =>
      ['stoppedReason', 'containerReason'].includes(e.in),
    );
    for (const example of messages) {
      const matching = messageFamilies
        .filter((family) => family.gate.test(example.message))
        .flatMap((family) => family.entries.filter((entry) => entry.pattern.test(example.message)))
        .map((entry) => entry.id);
      const expected = example.expect.cause.startsWith('exit.')
        ? 'task.essential-exited'
        : example.expect.cause;
      if (expected.startsWith('stop-code.') || example.stopCode === 'UserInitiated') continue;
      expect(matching[0], `${example.message} matched ${matching.join(', ')}`).toBe(expected);
    }
  });

  it('keeps every entry reachable: each family entry is the first match of at least one example or is listed', () => {
    const first = coveredIds();
    for (const family of messageFamilies)
      for (const entry of family.entries)
        expect(first.has(entry.id) || entry.id in file.undocumented, entry.id).toBe(true);
  });
});

/** The entries the examples reach: the one each must get, and the message entry it matched first (an entry that defers to the exit code). */
function coveredIds(): Set<string> {
  const examples = [...file.documented, ...file.field];
  return new Set([
    ...examples.map((e) => e.expect.cause),
    ...examples.map((e) => matchMessage(e.message)?.id).filter((id): id is string => id !== undefined),
  ]);
}

/** Every entry of the knowledge base, for the wording checks. */
const allEntries: KnowledgeEntry[] = [
  ...messageFamilies.flatMap((f) => f.entries),
  ...Object.values(lambdaErrors),
  ...runTaskFailures,
  ...Object.values(stopCodes).filter((e): e is KnowledgeEntry => e !== null),
  ...Object.values(exitCodes),
  ...Object.values(workflowErrors),
];

describe('wording', () => {
  it('never shows a placeholder, "?" or template syntax, whatever the payload leaves out', () => {
    for (const entry of allEntries)
      for (const lang of ['en', 'ja'] as const) {
        const advice = adviceOf(entry, lang, {});
        for (const text of [advice.title, advice.explanation, ...advice.nextSteps])
          expect(text, `${entry.id} ${lang}: ${text}`).not.toMatch(PLACEHOLDER);
      }
  });

  it('names the endpoint, secret, subnet and image when the payload gives them', () => {
    const values = {
      secret: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:nightly/db-AbCdEf',
      subnet: 'subnet-0a1b2c3d4e5f6a7b8',
      region: 'ap-northeast-1',
      image: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:2026.03.01',
      registry: 'Amazon ECR (123456789012.dkr.ecr.ap-northeast-1.amazonaws.com)',
    };
    const byId = new Map(allEntries.map((e) => [e.id, e]));
    const secrets = adviceOf(byId.get('init.unreachable-secrets-manager') as KnowledgeEntry, 'en', values);
    expect(secrets.title).toBe(
      'Secrets Manager could not be reached from the task (subnet subnet-0a1b2c3d4e5f6a7b8)',
    );
    expect(secrets.explanation).toContain(values.secret);
    expect(secrets.nextSteps.join('\n')).toContain('com.amazonaws.ap-northeast-1.secretsmanager');
    const notFound = adviceOf(byId.get('pull.not-found') as KnowledgeEntry, 'ja', values);
    expect(notFound.title).toContain(values.image);
    expect(notFound.explanation).toContain(values.registry);
  });

  it('gives every entry both languages and an https source', () => {
    for (const entry of allEntries) {
      expect(entry.source, entry.id).toMatch(/^https:\/\//);
      expect(entry.en.title.length, entry.id).toBeGreaterThan(5);
      expect(entry.ja.title.length, entry.id).toBeGreaterThan(3);
      expect(entry.en.nextSteps.length, entry.id).toBe(entry.ja.nextSteps.length);
    }
  });
});
