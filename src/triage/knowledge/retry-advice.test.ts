import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose.js';
import { categories, type Lang, type RetryKind } from '../diagnosis.js';
import { parseHistory } from '../history/parse-history.js';
import { redriveCommand, retryKindByCategory } from './retry-advice.js';

const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:nightly-batch:run-2026-03-02';
const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/triage/${name}.json`, import.meta.url), 'utf8');
const run = (name: string, lang: Lang, executionArn?: string) =>
  diagnose(parseHistory(fixture(name)), executionArn === undefined ? { lang } : { lang, executionArn });

/** A fixture of each category in each group, with the kind of retry advice it must get. */
const groups: Record<RetryKind, string[]> = {
  retry_now: ['run-task-memory', 'pull-timeout', 'spot-interruption', 'host-terminated', 'pull-rate-limit'],
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
    'eni-timeout',
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
