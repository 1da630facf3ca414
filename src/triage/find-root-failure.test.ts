import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose.js';
import { findRootFailure } from './find-root-failure.js';
import { parseHistory } from './history/parse-history.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/triage/${name}.json`, import.meta.url), 'utf8');
const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:nightly-batch:run-2026-03-02';
const run = (name: string, lang: 'en' | 'ja' = 'en') =>
  diagnose(parseHistory(fixture(name)), { lang, executionArn: EXECUTION_ARN });

describe('findRootFailure after a redrive', () => {
  it('reports a redriven execution with no terminal event since the redrive as running, not the old failure', () => {
    const root = findRootFailure(parseHistory(fixture('redriven-running')));
    expect(root.status).toBe('running');
    expect(root.kind).toBe('none');
    expect(root.stateName).toBe('RunBatch');
    expect(root.error).toBeNull();
    expect(root.cause).toBeNull();
    expect([root.attempt, root.attempts]).toEqual([1, 1]);
    expect(root.redrive).toEqual({ count: 1, previousState: 'RunBatch', previousError: 'States.TaskFailed' });
  });

  it('reports running with no state when the ExecutionRedriven event is the last one', () => {
    const history = JSON.parse(fixture('redriven-running')) as { events: { type: string }[] };
    const at = history.events.findIndex((e) => e.type === 'ExecutionRedriven');
    const justRedriven = { events: history.events.slice(0, at + 1) };
    const root = findRootFailure(parseHistory(JSON.stringify(justRedriven)));
    expect(root.status).toBe('running');
    expect(root.stateName).toBeNull();
    expect(root.error).toBeNull();
    expect(root.redrive?.count).toBe(1);
  });

  it('takes the failure after the last redrive when it failed again, with its own attempts', () => {
    const root = findRootFailure(parseHistory(fixture('redriven-failed-again')));
    expect(root.status).toBe('ExecutionFailed');
    expect(root.kind).toBe('leaf');
    expect(root.stateName).toBe('RunBatch');
    expect(root.cause).toContain('OutOfMemoryError');
    // The entry after the second redrive made two attempts; earlier entries of RunBatch do not count.
    expect([root.attempt, root.attempts]).toEqual([2, 2]);
    expect(root.redrive?.count).toBe(2);
    // The id of the failure is after the last ExecutionRedriven.
    const history = parseHistory(fixture('redriven-failed-again'));
    const lastRedrive = history.events.findLast((e) => e.type === 'ExecutionRedriven');
    expect(root.event?.id).toBeGreaterThan(lastRedrive?.id ?? Number.POSITIVE_INFINITY);
  });

  it('does not follow a previousEventId chain back across the redrive to the old failure', () => {
    // ExecutionFailed → TaskStateEntered → ExecutionRedriven → old ExecutionFailed → old TaskFailed.
    const root = findRootFailure(parseHistory(fixture('redriven-runtime-error')));
    expect(root.status).toBe('ExecutionFailed');
    expect(root.kind).toBe('execution');
    expect(root.error).toBe('States.Runtime');
    expect(root.stateName).toBe('RunBatch');
  });

  it('keeps the Map iteration of a redriven iteration whose events link to the Map state entered before the redrive', () => {
    const root = findRootFailure(parseHistory(fixture('redriven-map-failed-again')));
    expect(root.status).toBe('ExecutionFailed');
    expect(root.statePath).toEqual(['Map ProcessFiles', 'iteration 1', 'RunBatch']);
    expect(root.cause).toContain('"ExitCode":139');
  });

  it('reports succeeded when the redriven execution succeeded', () => {
    const root = findRootFailure(parseHistory(fixture('redriven-succeeded')));
    expect(root.status).toBe('ExecutionSucceeded');
    expect(root.kind).toBe('none');
    expect(root.redrive?.count).toBe(1);
  });

  it('leaves redrive null for a history that was never redriven', () => {
    expect(findRootFailure(parseHistory(fixture('retries'))).redrive).toBeNull();
  });

  it('counts the ExecutionRedriven events when their details carry no redriveCount', () => {
    const history = JSON.parse(fixture('redriven-failed-again')) as {
      events: Record<string, unknown>[];
    };
    const stripped = history.events.map(({ executionRedrivenEventDetails: _, ...e }) => e);
    const root = findRootFailure(parseHistory(JSON.stringify({ events: stripped })));
    expect(root.redrive?.count).toBe(2);
  });
});

describe('diagnose after a redrive', () => {
  it('says a redriven, running execution was redriven and offers no redrive command', () => {
    const d = run('redriven-running');
    expect(d.category).toBe('unknown');
    expect(d.evidence.executionStatus).toBe('running');
    expect(d.evidence.redriveCount).toBe(1);
    expect(d.evidence.failedState).toBe('RunBatch');
    expect(d.evidence.error).toBeNull();
    expect(d.evidence.exitCode).toBeNull();
    expect(d.explanation).toContain('redriven once');
    expect(d.explanation).not.toContain('no ExecutionFailed');
    expect(d.retry.kind).toBe('investigate');
    expect(d.retry.command).toBeNull();
    expect(run('redriven-running', 'ja').explanation).toContain('1 回 redrive');
  });

  it('diagnoses the new failure of an execution that failed again after its second redrive', () => {
    const d = run('redriven-failed-again');
    expect(d.category).toBe('out_of_memory');
    expect(d.evidence.executionStatus).toBe('ExecutionFailed');
    expect(d.evidence.failedState).toBe('RunBatch');
    expect(d.evidence.error).toBe('States.TaskFailed');
    expect(d.evidence.exitCode).toBe(137);
    expect([d.evidence.attempt, d.evidence.attempts]).toEqual([2, 2]);
    expect(d.evidence.redriveCount).toBe(2);
    expect(d.explanation).toContain('This is redrive 2; it failed again in the same state');
  });

  it('diagnoses the new error of a redriven state that failed before running a task', () => {
    const d = run('redriven-runtime-error');
    expect(d.category).toBe('invalid_parameters');
    expect(d.evidence.failedState).toBe('RunBatch');
    expect(d.evidence.error).toBe('States.Runtime');
    expect(d.evidence.exitCode).toBeNull();
    expect(d.explanation).toContain('before the redrive: RunBatch, States.TaskFailed');
  });

  it('diagnoses the redriven Map iteration, not the one that failed before the redrive', () => {
    const d = run('redriven-map-failed-again');
    expect(d.category).toBe('segfault');
    expect(d.evidence.container).toBe('worker');
    expect(d.evidence.exitCode).toBe(139);
    expect([d.evidence.attempt, d.evidence.attempts]).toEqual([1, 1]);
  });

  it('reports a redriven execution that then succeeded as succeeded', () => {
    const d = run('redriven-succeeded');
    expect(d.category).toBe('succeeded');
    expect(d.evidence.executionStatus).toBe('ExecutionSucceeded');
    expect(d.evidence.failedState).toBeNull();
    expect(d.evidence.error).toBeNull();
    expect(d.retry.kind).toBe('not_needed');
    expect(d.explanation).toContain('after redrive 1');
  });
});
