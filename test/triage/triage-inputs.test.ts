import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTriageDeps } from '../../src/runtime/lambda/build-triage-deps.js';
import { loadTriageConfig } from '../../src/runtime/lambda/triage-config.js';
import { makeTriageHandler } from '../../src/runtime/lambda/triage-handler.js';
import { silentLogger } from '../../src/shared/logger.js';
import { startSlackServer } from '../servers/slack-server.js';
import { ecsFailureHistory, sample, stoppedTask } from './support/ecs-failure-history.js';
import { sampleLogLines, startLocalAws } from './support/local-aws.js';
import { runTriage } from './support/run-triage.js';

let dir: string;
const servers: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-triage-inputs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The stopped task as `aws ecs describe-tasks` prints it: camelCase keys. */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(v)]),
  );
}
const describedTask = (options: Parameters<typeof stoppedTask>[0]) =>
  camel(stoppedTask(options)) as Record<string, unknown>;

function taskStateChange(task: Record<string, unknown>) {
  return {
    version: '0',
    id: '3317b2af-7005-947d-b652-f55e762e571a',
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: sample.account,
    time: '2026-11-25T00:10:30Z',
    region: sample.region,
    resources: [sample.taskArn],
    detail: task,
  };
}

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(content, null, 2));
  return path;
}

describe('sekisho triage FILE with a stopped ECS task', () => {
  it('reads `aws ecs describe-tasks` output and names the signal, the container and a new run', async () => {
    const path = await file('tasks.json', { tasks: [describedTask({ exitCode: 143 })], failures: [] });
    const run = await runTriage([path, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      category: 'terminated_by_signal',
      cause: 'exit.143',
      container: sample.container,
      exitCode: 143,
      failedState: null,
      executionStatus: 'TaskStopped',
      retry: { kind: 'investigate', command: null },
    });
    expect(report.title).toBe(`Container '${sample.container}' was terminated with SIGTERM (exit 143)`);
  });

  it('reads an EventBridge "ECS Task State Change" event and adds the log lines when asked', async () => {
    const aws = await startLocalAws();
    servers.push(aws);
    const path = await file('event.json', taskStateChange(describedTask({ exitCode: 1 })));
    const run = await runTriage([path, '--logs', '5'], { env: aws.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`[application_error] Container '${sample.container}' exited with code 1`);
    expect(run.stdout).toContain(sampleLogLines[sampleLogLines.length - 1] as string);
    expect(run.stdout).toContain('CloudWatch Logs link below');
  });

  it('refuses describe-tasks output without a task, with what it said (exit 2)', async () => {
    const path = await file('empty.json', {
      tasks: [],
      failures: [{ arn: sample.taskArn, reason: 'MISSING' }],
    });
    const run = await runTriage([path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`holds no task (failures: ${sample.taskArn}: MISSING)`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('triage Lambda subscribed to stopped ECS tasks', () => {
  const handlerWith = (env: Record<string, string>) =>
    makeTriageHandler(buildTriageDeps(loadTriageConfig(env), silentLogger));

  it('posts the diagnosis of a task that stopped with a non-zero exit, with its log lines', async () => {
    const aws = await startLocalAws();
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(aws, slack);
    const outcome = await handlerWith({ ...aws.env, SLACK_WEBHOOK_URL: slack.webhookUrl })(
      taskStateChange(
        describedTask({ exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' }),
      ),
    );
    expect(outcome).toEqual({ status: 'posted', taskArn: sample.taskArn, category: 'out_of_memory' });
    const posted = JSON.stringify(slack.accepted[0]?.blocks);
    expect(posted).toContain(sample.container);
    expect(posted).toContain(sampleLogLines[sampleLogLines.length - 1] as string);
  });

  it('skips a task that is still running and one whose containers all exited 0, without posting', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers.push(slack);
    const handle = handlerWith({ AWS_REGION: sample.region, SLACK_WEBHOOK_URL: slack.webhookUrl });
    const running = { ...describedTask({ exitCode: 0 }), lastStatus: 'RUNNING' };
    expect(await handle(taskStateChange(running))).toMatchObject({ status: 'skipped' });
    expect(await handle(taskStateChange(describedTask({ exitCode: 0 })))).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('every container exiting 0'),
    });
    expect(slack.requests).toHaveLength(0);
  });
});

describe('"what changed" since the last successful execution (live reads)', () => {
  /** A succeeded run of the same state whose task ran revision 41 of the task definition. */
  function succeededRun(name: string, day: string) {
    const task = {
      ...stoppedTask({ exitCode: 0 }),
      TaskDefinitionArn: sample.taskDefinitionArn.replace(/:42$/, ':41'),
    };
    const at = (s: number) => `${day}T00:00:0${s}.000Z`;
    return {
      executionArn: `${sample.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
      stateMachineArn: sample.stateMachineArn,
      status: 'SUCCEEDED',
      events: [
        {
          id: 1,
          previousEventId: 0,
          timestamp: at(0),
          type: 'ExecutionStarted',
          executionStartedEventDetails: { input: '{}', roleArn: 'arn:aws:iam::123456789012:role/sfn' },
        },
        {
          id: 2,
          previousEventId: 1,
          timestamp: at(1),
          type: 'TaskStateEntered',
          stateEnteredEventDetails: { name: 'ExportInvoices', input: '{}' },
        },
        {
          id: 3,
          previousEventId: 2,
          timestamp: at(2),
          type: 'TaskScheduled',
          taskScheduledEventDetails: {
            resourceType: 'ecs',
            resource: 'runTask.sync',
            region: sample.region,
            parameters: '{}',
          },
        },
        {
          id: 4,
          previousEventId: 3,
          timestamp: at(3),
          type: 'TaskSucceeded',
          taskSucceededEventDetails: {
            resourceType: 'ecs',
            resource: 'runTask.sync',
            output: JSON.stringify(task),
          },
        },
        {
          id: 5,
          previousEventId: 4,
          timestamp: at(4),
          type: 'TaskStateExited',
          stateExitedEventDetails: { name: 'ExportInvoices', output: '{}' },
        },
        {
          id: 6,
          previousEventId: 5,
          timestamp: at(5),
          type: 'ExecutionSucceeded',
          executionSucceededEventDetails: { output: '{}' },
        },
      ],
    };
  }

  it('names the task definition revision that differs from the newest success', async () => {
    const aws = await startLocalAws({
      executions: [
        { ...sample, status: 'FAILED', events: ecsFailureHistory().events },
        succeededRun('run-2026-11-20', '2026-11-20'),
        succeededRun('run-2026-11-24', '2026-11-24'),
      ],
    });
    servers.push(aws);
    const run = await runTriage([sample.executionArn, '--format', 'json', '--logs', '0'], { env: aws.env });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { whatChanged: unknown; explanation: string; notes: string[] };
    expect(report.whatChanged).toEqual({
      previousExecutionArn: `${sample.stateMachineArn.replace(':stateMachine:', ':execution:')}:run-2026-11-24`,
      taskDefinition: { before: 'billing-export:41', now: 'billing-export:42' },
      images: [],
    });
    expect(report.explanation).toContain(
      'What changed since the last successful execution (run-2026-11-24): task definition billing-export:41 → billing-export:42.',
    );
    const listed = aws.sfn.calls.find((c) => c.operation === 'ListExecutions');
    expect(listed?.input).toMatchObject({
      stateMachineArn: sample.stateMachineArn,
      statusFilter: 'SUCCEEDED',
      maxResults: 1,
    });
  });

  it('gives no hint, and no error, when the state machine never succeeded', async () => {
    const aws = await startLocalAws();
    servers.push(aws);
    const run = await runTriage([sample.executionArn, '--format', 'json', '--logs', '0'], { env: aws.env });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { whatChanged: unknown; notes: string[] };
    expect(report.whatChanged).toBeNull();
    expect(report.notes).toEqual([]);
  });
});
