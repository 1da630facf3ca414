import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose.js';
import type { Lang } from './diagnosis.js';
import { parseHistory } from './history/parse-history.js';
import { diagnoseInput, readTriageInput } from './input/read-triage-input.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/triage/${name}.json`, import.meta.url), 'utf8');
const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:nightly-batch:run-2026-03-02';
const run = (name: string, lang: Lang = 'en', extra: Parameters<typeof diagnose>[1] | object = {}) =>
  diagnose(parseHistory(fixture(name)), { lang, executionArn: EXECUTION_ARN, ...extra });

/** The stopped task of a fixture's failure, as `aws ecs describe-tasks` prints it (camelCase). */
function describeTasksOf(name: string) {
  const events = (JSON.parse(fixture(name)) as { events: { taskFailedEventDetails?: { cause: string } }[] })
    .events;
  const cause = events.find((e) => e.taskFailedEventDetails)?.taskFailedEventDetails?.cause ?? '{}';
  return { tasks: [camel(JSON.parse(cause))], failures: [] };
}
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(v)]),
  );
}

describe('retry advice that the history can prove', () => {
  it('says fix first for a timeout to Secrets Manager, naming the endpoint, the secret and the subnet', () => {
    const d = run('secrets-timeout-first-run');
    expect(d.cause).toBe('init.unreachable-secrets-manager');
    expect(d.title).toBe(
      'RunBatch: Secrets Manager could not be reached from the task (subnet subnet-0a1b2c3d4e5f6a7b8)',
    );
    expect(d.explanation).toContain(
      'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:nightly/db-AbCdEf',
    );
    expect(d.nextSteps.join('\n')).toContain('com.amazonaws.ap-northeast-1.secretsmanager');
    expect(d.retry.kind).toBe('fix_first');
    expect(d.retry.reason).toMatch(/lasting network misconfiguration/);
  });

  it('says retry now for the same timeout when earlier runs of the state succeeded, and why', () => {
    const d = run('map-secrets-timeout-after-successes');
    expect(d.cause).toBe('init.unreachable-secrets-manager');
    expect(d.retry.kind).toBe('retry_now');
    expect(d.retry.reason).toBe(
      'RunBatch succeeded 2 times earlier in this execution with the same configuration, so the network path works: this failure looks transient.',
    );
    expect(run('map-secrets-timeout-after-successes', 'ja').retry.reason).toContain('2 回成功');
  });
});

describe('a succeeded execution with failed attempts', () => {
  it('says it succeeded, how many attempts failed and why, and keeps the failed attempt as evidence', () => {
    const d = run('flaky-succeeded');
    expect(d.category).toBe('succeeded');
    expect(d.cause).toBe('sfn.succeeded-after-failures');
    expect(d.title).toBe('The execution succeeded, but RunBatch failed 1 time(s) before it did (flaky)');
    expect(d.explanation).toContain("container 'app' ran out of memory");
    expect(d.evidence).toMatchObject({
      executionStatus: 'ExecutionSucceeded',
      failedAttempts: 1,
      container: 'app',
      exitCode: 137,
    });
    expect(d.retry).toMatchObject({ kind: 'not_needed', command: null });
    expect(d.retry.reason).toContain('retried');
  });

  it('keeps a clean success plain', () => {
    const d = run('succeeded');
    expect(d.cause).toBe('sfn.succeeded');
    expect(d.evidence.failedAttempts).toBe(0);
  });
});

describe('exit codes from signals', () => {
  it('names SIGTERM and what sends it, on the app rather than the log router', () => {
    const d = run('exit-143-sidecar');
    expect(d.cause).toBe('exit.143');
    expect(d.evidence.container).toBe('app');
    expect(d.title).toBe("RunBatch: container 'app' was terminated with SIGTERM (exit 143)");
    expect(d.explanation).toMatch(/StopTask/);
  });

  it('names SIGKILL for 137 without an out-of-memory reason, and SIGSEGV and SIGABRT', () => {
    expect(run('exit-137-no-oom').title).toContain('SIGKILL (exit 137)');
    expect(run('exit-139').title).toContain('SIGSEGV');
    expect(run('exit-134').title).toContain('SIGABRT');
  });
});

describe('AWS Batch jobs run by Step Functions (batch:submitJob.sync)', () => {
  it('reads the job: its exit code, image, attempts and the log stream link', () => {
    const d = run('batch-job-failed');
    expect(d.category).toBe('application_error');
    expect(d.evidence).toMatchObject({
      failedState: 'RunReport',
      container: 'default',
      exitCode: 2,
      image: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/nightly-report:2026.03.01',
      command: ['python', 'report.py', '--date', '2026-03-01'],
      batchJob: { jobName: 'nightly-report', attempts: 1, logGroup: '/aws/batch/job' },
    });
    const logs = d.links.find((l) => l.url.includes('cloudwatch'));
    expect(logs?.url).toContain('$252Faws$252Fbatch$252Fjob');
    // The link is printed, so the text may point at it.
    expect(d.nextSteps.join('\n')).toContain('CloudWatch Logs link below');
  });
});

describe('"the CloudWatch Logs link below" is promised only when the link is printed', () => {
  it('points at the log group of the task definition when there is no link', () => {
    const d = run('exit-1-sidecar-sigterm');
    expect(d.links.some((l) => l.url.includes('cloudwatch'))).toBe(false);
    expect(d.nextSteps.join('\n')).not.toContain('link below');
    expect(d.nextSteps.join('\n')).toContain('`awslogs-group`');
    expect(run('exit-1-sidecar-sigterm', 'ja').nextSteps.join('\n')).not.toContain(
      '下の CloudWatch Logs のリンク',
    );
  });

  it('points at the link when it is printed', () => {
    const d = run('exit-1-sidecar-sigterm', 'en', {
      logStream: { group: '/ecs/nightly', stream: 'batch/app/0f3c9d2b' },
      logLines: ['Traceback (most recent call last):'],
    });
    expect(d.links.some((l) => l.url.includes('cloudwatch'))).toBe(true);
    expect(d.nextSteps.join('\n')).toContain('CloudWatch Logs link below');
  });
});

describe('stopped ECS tasks without Step Functions', () => {
  it('diagnoses `aws ecs describe-tasks` output with the same knowledge, advising a new run instead of a redrive', () => {
    const input = readTriageInput(JSON.stringify(describeTasksOf('pull-docker-hub-denied')));
    expect(input.kind).toBe('ecs-task');
    const d = diagnoseInput(input, { lang: 'en' });
    expect(d.cause).toBe('pull.docker-hub-denied');
    expect(d.title).toBe('Image acme/nightly does not exist on Docker Hub or needs a login');
    expect(d.evidence.executionStatus).toBe('TaskStopped');
    expect(d.evidence.failedState).toBeNull();
    expect(d.retry).toMatchObject({ kind: 'fix_first', command: null, redrive: null });
    expect(d.retry.text).toContain('aws ecs run-task');
  });

  it('diagnoses an EventBridge "ECS Task State Change" event', () => {
    const task = describeTasksOf('exit-139').tasks[0];
    const event = {
      version: '0',
      id: '3317b2af-7005-947d-b652-f55e762e571a',
      'detail-type': 'ECS Task State Change',
      source: 'aws.ecs',
      account: '123456789012',
      time: '2026-03-02T03:13:00Z',
      region: 'ap-northeast-1',
      resources: [],
      detail: task,
    };
    const d = diagnoseInput(readTriageInput(event), { lang: 'ja' });
    expect(d.cause).toBe('exit.139');
    expect(d.evidence.executionStatus).toBe('TaskStopped');
    expect(d.title).toContain('SIGSEGV');
  });

  it('says a task whose containers all exited 0 ended normally', () => {
    const out = describeTasksOf('exit-1-sidecar-sigterm') as {
      tasks: { containers: { exitCode: number }[] }[];
    };
    for (const c of out.tasks[0]?.containers ?? []) c.exitCode = 0;
    const d = diagnoseInput(readTriageInput(out), { lang: 'en' });
    expect(d.category).toBe('succeeded');
    expect(d.cause).toBe('ecs.task-succeeded');
  });

  it('refuses describe-tasks output without a task, naming the failures', () => {
    expect(() =>
      readTriageInput({
        tasks: [],
        failures: [{ arn: 'arn:aws:ecs:ap-northeast-1:123456789012:task/batch/0f3c', reason: 'MISSING' }],
      }),
    ).toThrow(
      /holds no task \(failures: arn:aws:ecs:ap-northeast-1:123456789012:task\/batch\/0f3c: MISSING\)/,
    );
  });
});

describe('a log line that explains an exit code', () => {
  it('reads "exec format error" in the log of a container that exited 1 as an architecture mismatch', () => {
    const logLines = ['exec /usr/local/bin/docker-entrypoint.sh: exec format error'];
    const d = run('exit-1-sidecar-sigterm', 'en', {
      logLines,
      logStream: { group: '/ecs/nightly', stream: 'batch/app/0f3c' },
    });
    expect(d.cause).toBe('start.exec-format');
    expect(d.category).toBe('command_not_found');
    expect(d.title).toBe(
      'RunBatch: /usr/local/bin/docker-entrypoint.sh is built for another CPU architecture',
    );
    expect(d.evidence.exitCode).toBe(1);
  });

  it('keeps the exit code when the log says nothing of the kind', () => {
    const d = run('exit-1-sidecar-sigterm', 'en', { logLines: ['Traceback (most recent call last):'] });
    expect(d.cause).toBe('exit.application');
  });
});
