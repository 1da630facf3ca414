import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose.js';
import { categories, type Lang, type RedriveState, type RetryKind } from '../diagnosis.js';
import { parseHistory } from '../history/parse-history.js';
import { redriveCommand, retryKindByCategory, startExecutionCommand } from './retry-advice.js';

const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:nightly-batch:run-2026-03-02';
const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/triage/${name}.json`, import.meta.url), 'utf8');
const run = (name: string, lang: Lang, executionArn?: string) =>
  diagnose(parseHistory(fixture(name)), executionArn === undefined ? { lang } : { lang, executionArn });

/** A fixture of each category in each group, with the kind of retry advice it must get. */
const groups: Record<RetryKind, string[]> = {
  retry_now: ['run-task-memory', 'eni-timeout', 'spot-interruption', 'host-terminated', 'pull-rate-limit'],
  fix_first: [
    'oom-with-sidecars',
    'exit-1-sidecar-sigterm',
    'exit-127',
    'exit-139',
    'pull-not-found',
    'pull-access-denied',
    'init-secret-not-found',
    'ecs-access-denied',
    'ecs-invalid-parameter',
    'init-log-group-missing',
    'pull-timeout',
    'task-timeout',
    'lambda-error',
    'fail-state',
  ],
  not_needed: ['succeeded'],
  investigate: [
    'stopped-by-user',
    'execution-aborted',
    'exit-130',
    'execution-timed-out',
    'unknown-text-cause',
  ],
};

const REDRIVE = 'aws stepfunctions redrive-execution --execution-arn';

describe('retry advice', () => {
  for (const lang of ['en', 'ja'] as const)
    for (const [kind, names] of Object.entries(groups))
      for (const name of names)
        it(`advises ${kind} for ${name} (${lang}), with the execution ARN when it is known`, () => {
          const known = run(name, lang, EXECUTION_ARN);
          const unknown = run(name, lang);
          expect(known.retry.kind).toBe(kind);
          expect(unknown.retry.kind).toBe(kind);
          expect(known.retry.text.length).toBeGreaterThan(20);
          if (kind === 'not_needed') {
            expect(known.retry.command).toBeNull();
            expect(unknown.retry.command).toBeNull();
          } else {
            expect(known.retry.command).toBe(`${REDRIVE} ${EXECUTION_ARN}`);
            expect(unknown.retry.command).toBe(`${REDRIVE} <execution ARN>`);
          }
        });

  it('tells a rate-limited pull (toomanyrequests) from a missing image, both image_pull', () => {
    const limited = run('pull-rate-limit', 'en');
    const missing = run('pull-not-found', 'en');
    expect([limited.category, missing.category]).toEqual(['image_pull', 'image_pull']);
    expect([limited.retry.kind, missing.retry.kind]).toEqual(['retry_now', 'fix_first']);
  });

  it('says to redrive after the fix for fix_first, in both languages', () => {
    expect(run('oom-with-sidecars', 'en').retry.text).toMatch(/fix it first.*then redrive/);
    expect(run('oom-with-sidecars', 'ja').retry.text).toMatch(/まず原因を修正し.*その後で実行を redrive/);
  });

  it('writes each language in its own words', () => {
    for (const kind of Object.keys(groups) as RetryKind[]) {
      const name = groups[kind][0] as string;
      expect(run(name, 'ja').retry.text).not.toBe(run(name, 'en').retry.text);
      expect(run(name, 'ja').retry.text).toMatch(/[\u3040-\u30ff]/);
    }
  });

  it('offers no redrive command while the execution is still running', () => {
    const history = JSON.parse(fixture('exit-1-sidecar-sigterm')) as { events: { type: string }[] };
    const running = { events: history.events.filter((e) => e.type !== 'ExecutionFailed') };
    const d = diagnose(parseHistory(JSON.stringify(running)), { lang: 'en', executionArn: EXECUTION_ARN });
    expect(d.evidence.executionStatus).toBe('running');
    expect(d.retry.kind).toBe('investigate');
    expect(d.retry.command).toBeNull();
    expect(d.retry.text).toContain('has not ended');
  });

  it('gives every category a kind', () => {
    expect(categories.filter((c) => retryKindByCategory[c] === undefined)).toEqual([]);
  });

  it('single-quotes an execution ARN a shell would split, and leaves a plain one as it is', () => {
    expect(redriveCommand(EXECUTION_ARN)).toBe(`${REDRIVE} ${EXECUTION_ARN}`);
    expect(redriveCommand("arn:aws:states:us-east-1:1:execution:sm:it's here")).toBe(
      `${REDRIVE} 'arn:aws:states:us-east-1:1:execution:sm:it'\\''s here'`,
    );
  });
});

describe('retry advice with the redrive status Step Functions reported', () => {
  const STATE_MACHINE_ARN = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:nightly-batch-v2';
  const START = `aws stepfunctions start-execution --state-machine-arn ${STATE_MACHINE_ARN} --input file://input.json`;
  const live = (name: string, lang: Lang, redrive: RedriveState, stateMachineArn?: string) =>
    diagnose(parseHistory(fixture(name)), {
      lang,
      executionArn: EXECUTION_ARN,
      redrive,
      ...(stateMachineArn === undefined ? {} : { stateMachineArn }),
    });
  const notRedrivable = (reason: string | null, count = 0): RedriveState => ({
    status: 'NOT_REDRIVABLE',
    reason,
    count,
  });

  for (const kind of ['retry_now', 'fix_first', 'investigate'] as const)
    for (const lang of ['en', 'ja'] as const)
      it(`turns ${kind} into a new execution of the state machine when it is NOT_REDRIVABLE (${lang})`, () => {
        const name = groups[kind][0] as string;
        const reason = 'Execution redrivable period exceeded';
        const d = live(name, lang, notRedrivable(reason), STATE_MACHINE_ARN);
        expect(d.retry.kind).toBe(kind);
        expect(d.retry.command).toBe(START);
        expect(d.retry.text).toContain(reason);
        expect(d.retry.text).toMatch(
          lang === 'en' ? /cannot be redriven.*start a new execution/ : /redrive でき.*新しい実行を開始/,
        );
        expect(d.retry.text).not.toBe(run(name, lang).retry.text);
        expect(d.retry.redrive).toEqual(notRedrivable(reason));
      });

  it('derives the state machine from the execution ARN when DescribeExecution did not name it', () => {
    const d = live('oom-with-sidecars', 'en', notRedrivable(null));
    expect(d.retry.command).toBe(
      'aws stepfunctions start-execution --state-machine-arn arn:aws:states:ap-northeast-1:123456789012:stateMachine:nightly-batch --input file://input.json',
    );
    expect(d.retry.text).toContain('Step Functions says this execution cannot be redriven, so');
    expect(startExecutionCommand(null)).toBe(
      'aws stepfunctions start-execution --state-machine-arn <state machine ARN> --input file://input.json',
    );
  });

  it('uses the state machine DescribeExecution names in the evidence too', () => {
    const d = live('oom-with-sidecars', 'en', notRedrivable(null), STATE_MACHINE_ARN);
    expect(d.evidence.stateMachineArn).toBe(STATE_MACHINE_ARN);
  });

  it('confirms a REDRIVABLE execution, keeping the redrive command and the general advice before it', () => {
    for (const lang of ['en', 'ja'] as const) {
      const general = run('spot-interruption', lang, EXECUTION_ARN).retry;
      const d = live('spot-interruption', lang, { status: 'REDRIVABLE', reason: null, count: 0 });
      expect(d.retry.command).toBe(`${REDRIVE} ${EXECUTION_ARN}`);
      expect(d.retry.text.startsWith(general.text)).toBe(true);
      expect(d.retry.text).toContain(lang === 'en' ? 'Step Functions confirms' : '確認しました');
      expect(d.retry.text).not.toMatch(/redriven \d+ times? before|これまでに/);
    }
  });

  it('says how many times it has been redriven before, one or many', () => {
    const once = live('spot-interruption', 'en', { status: 'REDRIVABLE', reason: null, count: 1 });
    const thrice = live(
      'oom-with-sidecars',
      'en',
      notRedrivable('Execution history event limit exceeded', 3),
    );
    expect(once.retry.text).toContain('It has been redriven 1 time before');
    expect(thrice.retry.text).toContain('It has been redriven 3 times before');
    expect(
      live('spot-interruption', 'ja', { status: 'REDRIVABLE', reason: null, count: 4 }).retry.text,
    ).toContain('これまでに 4 回 redrive されています');
  });

  it('points a Map Run child workflow (REDRIVABLE_BY_MAP_RUN) at its parent execution', () => {
    const d = live('spot-interruption', 'en', { status: 'REDRIVABLE_BY_MAP_RUN', reason: null, count: 0 });
    expect(d.retry.command).toBe(`${REDRIVE} <parent execution ARN>`);
    expect(d.retry.text).toContain('redrive the parent execution');
  });

  it('keeps nothing to re-run for a succeeded execution, whatever AWS reports', () => {
    const d = live('succeeded', 'en', notRedrivable('Execution is SUCCEEDED and cannot be redriven'));
    expect(d.retry).toEqual({
      kind: 'not_needed',
      reason: 'The execution succeeded.',
      text: run('succeeded', 'en').retry.text,
      command: null,
      redrive: notRedrivable('Execution is SUCCEEDED and cannot be redriven'),
    });
  });

  it('reports no redrive status for a history file, as before', () => {
    expect(run('oom-with-sidecars', 'en', EXECUTION_ARN).retry.redrive).toBeNull();
  });

  it('single-quotes a state machine ARN a shell would split', () => {
    expect(startExecutionCommand('arn:aws:states:us-east-1:1:stateMachine:a b')).toBe(
      "aws stepfunctions start-execution --state-machine-arn 'arn:aws:states:us-east-1:1:stateMachine:a b' --input file://input.json",
    );
  });
});
