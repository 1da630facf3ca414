import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose.js';
import { type Category, categories } from './diagnosis.js';
import { parseHistory } from './history/parse-history.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/triage/${name}.json`, import.meta.url), 'utf8');
const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:nightly-batch:run-2026-03-02';
const run = (name: string, lang: 'en' | 'ja' = 'en') =>
  diagnose(parseHistory(fixture(name)), { lang, executionArn: EXECUTION_ARN });

interface Expected {
  category: Category;
  state?: string | null;
  container?: string | null;
  exitCode?: number | null;
  attempt?: [number, number];
  path?: string[];
}

const cases: Record<string, Expected> = {
  'oom-with-sidecars': { category: 'out_of_memory', container: 'app', exitCode: 137, state: 'RunBatch' },
  'exit-1-sidecar-sigterm': { category: 'application_error', container: 'app', exitCode: 1 },
  'exit-2': { category: 'application_error', container: 'app', exitCode: 2 },
  'exit-255': { category: 'application_error', exitCode: 255 },
  'exit-134': { category: 'application_error', exitCode: 134 },
  'exit-127': { category: 'command_not_found', exitCode: 127 },
  'exit-126': { category: 'command_not_found', exitCode: 126 },
  'exit-139': { category: 'segfault', exitCode: 139 },
  'exit-137-no-oom': { category: 'terminated_by_signal', exitCode: 137 },
  'exit-130': { category: 'terminated_by_signal', exitCode: 130 },
  'camel-case-cause': { category: 'application_error', container: 'app', exitCode: 3 },
  'stopped-by-user': { category: 'stopped_by_user', exitCode: 143 },
  'spot-interruption': { category: 'spot_interruption' },
  'host-terminated': { category: 'infrastructure' },
  'scaling-activity': { category: 'infrastructure' },
  'pull-not-found': { category: 'image_pull', container: 'app', exitCode: null },
  'pull-access-denied': { category: 'image_pull' },
  'pull-docker-hub-denied': { category: 'image_pull' },
  'pull-platform': { category: 'image_pull' },
  'pull-rate-limit': { category: 'image_pull' },
  'pull-timeout': { category: 'network' },
  'init-ecr-auth-timeout': { category: 'network' },
  'init-secret-timeout': { category: 'network' },
  'init-logger-killed': { category: 'network' },
  'init-secret-access-denied': { category: 'secrets' },
  'init-secret-not-found': { category: 'secrets' },
  'init-ssm-parameter-not-found': { category: 'secrets' },
  'init-log-group-missing': { category: 'resource_initialization' },
  'init-other': { category: 'resource_initialization' },
  'eni-timeout': { category: 'infrastructure' },
  'cannot-start-container': { category: 'task_failed_to_start' },
  'cannot-start-executable-not-found': { category: 'command_not_found', container: 'app' },
  'cannot-create-volume': { category: 'task_failed_to_start' },
  'run-task-memory': { category: 'capacity', container: null, exitCode: null },
  'run-task-cpu': { category: 'capacity' },
  'run-task-agent': { category: 'capacity' },
  'run-task-missing': { category: 'invalid_parameters' },
  'ecs-access-denied': { category: 'permissions' },
  'states-permissions': { category: 'permissions' },
  'ecs-invalid-parameter': { category: 'invalid_parameters' },
  'ecs-cluster-not-found': { category: 'invalid_parameters' },
  'ecs-platform-unknown': { category: 'invalid_parameters' },
  'states-runtime': { category: 'invalid_parameters', state: 'RunBatch' },
  'ecs-server-exception': { category: 'infrastructure' },
  'ecs-limit-exceeded': { category: 'capacity' },
  'lambda-legacy': { category: 'lambda_error', state: 'Notify', attempt: [1, 1] },
  'distributed-map-run': { category: 'unknown', state: 'ProcessAllFiles' },
  'task-timeout': { category: 'task_timeout', state: 'RunBatch' },
  'execution-timed-out': { category: 'execution_timeout', state: 'RunBatch' },
  'execution-aborted': { category: 'execution_aborted', state: 'RunBatch' },
  'lambda-error': { category: 'lambda_error', state: 'PrepareInput' },
  'fail-state': { category: 'workflow_fail', state: 'NoInputFiles' },
  succeeded: { category: 'succeeded', state: null },
  'unknown-text-cause': { category: 'unknown' },
  'text-cause-secrets': { category: 'secrets', container: null },
  'catch-to-fail': { category: 'application_error', state: 'RunBatch', container: 'app', exitCode: 2 },
  retries: { category: 'application_error', attempt: [3, 3], exitCode: 1 },
  'retry-recovered-then-later-failure': {
    category: 'segfault',
    state: 'Load',
    container: 'loader',
    attempt: [1, 1],
  },
  'map-iteration': {
    category: 'application_error',
    container: 'worker',
    state: 'RunBatch',
    path: ['Map ProcessFiles', 'iteration 2', 'RunBatch'],
  },
  'map-iteration-reverse-epoch': {
    category: 'application_error',
    path: ['Map ProcessFiles', 'iteration 2', 'RunBatch'],
  },
  'parallel-branch': {
    category: 'out_of_memory',
    state: 'ExportUsers',
    container: 'exporter',
    path: ['Parallel ExportAll', 'branch 2', 'ExportUsers'],
  },
  'variant-reverse-order': { category: 'application_error', container: 'app', exitCode: 1 },
  'variant-epoch-seconds': { category: 'application_error', container: 'app', exitCode: 1 },
  'variant-epoch-ms': { category: 'application_error', container: 'app', exitCode: 1 },
  'variant-sdk-pages': { category: 'application_error', container: 'app', exitCode: 1 },
};

describe('diagnose', () => {
  for (const [name, expected] of Object.entries(cases)) {
    it(`diagnoses ${name} as ${expected.category}`, () => {
      const d = run(name);
      expect(d.category).toBe(expected.category);
      if (expected.state !== undefined) expect(d.evidence.failedState).toBe(expected.state);
      if (expected.container !== undefined) expect(d.evidence.container).toBe(expected.container);
      if (expected.exitCode !== undefined) expect(d.evidence.exitCode).toBe(expected.exitCode);
      if (expected.attempt) expect([d.evidence.attempt, d.evidence.attempts]).toEqual(expected.attempt);
      if (expected.path) expect(d.evidence.statePath).toEqual(expected.path);
      expect(d.title.length).toBeGreaterThan(5);
      expect(d.title).not.toContain('{');
      expect(d.sources[0]).toMatch(/^https:\/\//);
    });
  }

  it('has a fixture for every category', () => {
    const covered = new Set(Object.values(cases).map((c) => c.category));
    expect(categories.filter((c) => !covered.has(c))).toEqual([]);
  });

  it('reads the evidence of the ECS task: ARNs, stop code, reasons, command, times and duration', () => {
    const e = run('oom-with-sidecars').evidence;
    expect(e.taskArn).toBe(
      'arn:aws:ecs:ap-northeast-1:123456789012:task/batch/0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09',
    );
    expect(e.taskDefinitionArn).toMatch(/task-definition\/nightly-batch:42$/);
    expect(e.group).toBe('family:nightly-batch');
    expect(e.stopCode).toBe('EssentialContainerExited');
    expect(e.stoppedReason).toBe('Essential container in task exited');
    expect(e.containerReason).toMatch(/^OutOfMemoryError/);
    expect(e.command).toEqual(['python', '-m', 'jobs.nightly', '--date', '2026-03-01']);
    expect(e.startedAt).toBe('2026-03-02T03:00:26.000Z');
    expect(e.durationSeconds).toBe(784);
    expect(e.stateMachineArn).toBe('arn:aws:states:ap-northeast-1:123456789012:stateMachine:nightly-batch');
  });

  it('links the execution, the ECS task and the log stream in the console of their region', () => {
    const d = diagnose(parseHistory(fixture('exit-2')), {
      lang: 'en',
      executionArn: EXECUTION_ARN,
      logStream: { group: '/ecs/nightly-batch', stream: 'batch/app/0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09' },
      logLines: ['Traceback (most recent call last):', 'ValueError: bad date'],
    });
    expect(d.links.map((l) => l.url)).toEqual([
      `https://ap-northeast-1.console.aws.amazon.com/states/home?region=ap-northeast-1#/v2/executions/details/${EXECUTION_ARN}`,
      'https://ap-northeast-1.console.aws.amazon.com/ecs/v2/clusters/batch/tasks/0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09/configuration?region=ap-northeast-1',
      'https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#logsV2:log-groups/log-group/$252Fecs$252Fnightly-batch/log-events/batch$252Fapp$252F0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09',
    ]);
    expect(d.evidence.logLines).toEqual(['Traceback (most recent call last):', 'ValueError: bad date']);
  });

  it('links the log stream in the region awslogs writes to when it differs from the task', () => {
    const d = diagnose(parseHistory(fixture('exit-2')), {
      lang: 'en',
      logStream: { group: '/ecs/nightly', stream: 'batch/app/x', region: 'us-east-1' },
    });
    expect(d.links.at(-1)?.url).toMatch(
      /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#/,
    );
  });

  it('still names the state, attempts and Catch root when a tool stripped previousEventId', () => {
    for (const [name, state, category] of [
      ['retries', 'RunBatch', 'application_error'],
      ['catch-to-fail', 'RunBatch', 'application_error'],
      ['fail-state', 'NoInputFiles', 'workflow_fail'],
      ['execution-timed-out', 'RunBatch', 'execution_timeout'],
    ] as const) {
      const raw = JSON.parse(fixture(name)) as { events: Record<string, unknown>[] };
      for (const event of raw.events) delete event.previousEventId;
      const d = diagnose(parseHistory(raw), { lang: 'en' });
      expect([name, d.category, d.evidence.failedState]).toEqual([name, category, state]);
    }
  });

  it('says in the explanation that every Retry attempt failed', () => {
    expect(run('retries').explanation).toContain('All 3 attempts failed');
  });

  it('writes every user-facing string in Japanese with lang ja', () => {
    const d = run('oom-with-sidecars', 'ja');
    expect(d.lang).toBe('ja');
    expect(d.title).toBe("RunBatch: コンテナ 'app' がメモリ不足で強制終了された");
    for (const text of [d.explanation, ...d.nextSteps, ...d.links.map((l) => l.label)])
      expect(text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('fills every placeholder in both languages for every fixture', () => {
    for (const name of Object.keys(cases))
      for (const lang of ['en', 'ja'] as const) {
        const d = run(name, lang);
        expect([d.title, d.explanation, ...d.nextSteps].join('\n')).not.toMatch(/\{\w+\}/);
      }
  });
});
