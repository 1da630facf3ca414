import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../servers/local-http-server.js';
import type { LocalExecution } from '../servers/sfn-server.js';
import { startSlackServer } from '../servers/slack-server.js';
import { ecsFailureHistory, sample, sampleLogStream } from './support/ecs-failure-history.js';
import { sampleLogLines, startLocalAws } from './support/local-aws.js';
import { runTriage } from './support/run-triage.js';

let dir: string;
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-triage-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const historyJson = JSON.stringify(ecsFailureHistory(), null, 2);
const noStack = /\n\s+at /;

describe('sekisho triage <history.json>', () => {
  it('names the failed state, the container and the exit code in text', async () => {
    const run = await runTriage([await file('oom.json', historyJson)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ExportInvoices');
    expect(run.stdout).toContain(sample.container);
    expect(run.stdout).toContain('137');
    expect(run.stderr).toBe('');
  });

  it('prints one JSON object with the documented fields for --format json', async () => {
    const run = await runTriage([await file('oom.json', historyJson), '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      category: 'out_of_memory',
      exitCode: 137,
      failedState: 'ExportInvoices',
      container: sample.container,
      notes: [],
    });
    expect(typeof report.title).toBe('string');
    expect(typeof report.explanation).toBe('string');
    expect(Array.isArray(report.nextSteps) && report.nextSteps.length > 0).toBe(true);
    expect(report.evidence).toMatchObject({ taskArn: sample.taskArn, exitCode: 137 });
    expect(Array.isArray(report.links)).toBe(true);
  });

  it('explains in Japanese with --lang ja', async () => {
    const run = await runTriage([await file('oom.json', historyJson), '--lang', 'ja']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
    expect(run.stdout).toContain(sample.container);
  });

  it('prints markdown and the Slack Block Kit message', async () => {
    const path = await file('oom.json', historyJson);
    const markdown = await runTriage([path, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('ExportInvoices');
    const slack = await runTriage([path, '--format', 'slack']);
    expect(slack.code).toBe(0);
    const message = JSON.parse(slack.stdout) as { text: string; blocks: unknown[] };
    expect(message.text.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeGreaterThan(0);
  });

  it('reads the history from stdin with -', async () => {
    const run = await runTriage(['-', '--format', 'json'], { stdin: historyJson });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ category: 'out_of_memory' });
  });

  it('reads a file relative to the working directory', async () => {
    await file('relative.json', historyJson);
    const run = await runTriage(['relative.json'], { cwd: dir });
    expect(run.code).toBe(0);
  });

  it('diagnoses a cause that is not JSON', async () => {
    const history = ecsFailureHistory();
    for (const event of history.events) {
      const details = (event.taskFailedEventDetails ?? event.executionFailedEventDetails) as
        | { cause: string }
        | undefined;
      if (details !== undefined)
        details.cause = 'Task stopped: Essential container in task exited (plain text)';
    }
    const run = await runTriage([
      await file('plain-cause.json', JSON.stringify(history)),
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ failedState: 'ExportInvoices' });
  });

  it('tolerates event types it does not know', async () => {
    const history = ecsFailureHistory();
    history.events.splice(1, 0, {
      timestamp: '2026-11-25T00:00:00.100Z',
      type: 'SomeFutureEvent',
      previousEventId: 1,
    });
    // Renumber so that the new event sits in sequence, as the service would have numbered it.
    history.events.forEach((event, i) => {
      event.id = i + 1;
      event.previousEventId = i;
    });
    const run = await runTriage([await file('future.json', JSON.stringify(history)), '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ category: 'out_of_memory' });
  });

  it('diagnoses a bundled example with --example', async () => {
    const run = await runTriage(['--example']);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(0);
  });
});

describe('sekisho triage rejects bad input with exit 2 and a message that names the problem', () => {
  const cases: [string, () => Promise<string[]>, RegExp][] = [
    ['a missing file', async () => [join(dir, 'nope.json')], /nope\.json.*no such file/],
    ['a file that is not JSON', async () => [await file('text.json', 'hello, world')], /not valid JSON/],
    ['an empty file', async () => [await file('empty.json', '')], /empty/],
    [
      'a truncated file',
      async () => [await file('cut.json', historyJson.slice(0, historyJson.length / 2))],
      /not valid JSON/,
    ],
    [
      'events with missing fields',
      async () => [
        await file(
          'missing.json',
          JSON.stringify({ events: [{ id: 1, timestamp: '2026-11-25T00:00:00Z' }] }),
        ),
      ],
      /events\[0\]\.type/,
    ],
    ['a directory', async () => [dir], /directory/],
    [
      'a bad --format',
      async () => [await file('oom.json', historyJson), '--format', 'yaml'],
      /--format must be one of text, json, markdown, slack, not 'yaml'/,
    ],
    [
      'a bad --lang',
      async () => [await file('oom.json', historyJson), '--lang', 'fr'],
      /--lang must be en or ja/,
    ],
    [
      'a bad --logs',
      async () => [await file('oom.json', historyJson), '--logs', 'many'],
      /--logs must be a whole number/,
    ],
    [
      'a bad --post',
      async () => [await file('oom.json', historyJson), '--post', 'slack'],
      /--post needs a Slack incoming-webhook URL/,
    ],
    [
      'an unknown option',
      async () => [await file('oom.json', historyJson), '--fromat', 'json'],
      /Unknown option '--fromat'/,
    ],
    ['no input', async () => [], /missing the input/],
    [
      'an unknown example',
      async () => ['--example', 'nope'],
      /There is no example 'nope'; the examples are: .*ecs-out-of-memory/,
    ],
    [
      'a malformed ARN',
      async () => ['arn:aws:states:eu-west-1:123:execution:x'],
      /is not a Step Functions execution ARN/,
    ],
    [
      'a state machine ARN',
      async () => [sample.stateMachineArn],
      /it is a state machine ARN; pass the ARN of the failed execution/,
    ],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const run = await runTriage(await args());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(noStack);
  });
});

describe('sekisho triage <execution ARN> against local AWS servers', () => {
  it('reads every page with retries after throttling and shows the container log', async () => {
    const aws = await startLocalAws({
      throttleFirstCallOf: ['GetExecutionHistory', 'DescribeExecution'],
      maxPageSize: 40,
    });
    servers.push(aws);
    const run = await runTriage([sample.executionArn, '--format', 'json', '--logs', '5'], { env: aws.env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      evidence: { logLines: string[] };
      category: string;
      notes: string[];
    };
    expect(report.category).toBe('out_of_memory');
    expect(report.evidence.logLines).toEqual(sampleLogLines.slice(-5));
    expect(report.notes).toEqual([]);

    const pages = aws.sfn.calls.filter((c) => c.operation === 'GetExecutionHistory' && c.answer === 200);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(
      aws.sfn.calls
        .filter((c) => c.answer === 400)
        .map((c) => c.operation)
        .sort(),
    ).toEqual(['DescribeExecution', 'GetExecutionHistory']);
    expect(aws.ecs.calls.map((c) => c.input)).toEqual([{ taskDefinition: sample.taskDefinitionArn }]);
    expect(aws.logs.calls.map((c) => c.input)).toEqual([
      { logGroupName: sample.logGroup, logStreamName: sampleLogStream, startFromHead: false, limit: 5 },
    ]);
  });

  const redrivable = (fields: Partial<LocalExecution>): LocalExecution[] => [
    { ...sample, status: 'FAILED', events: ecsFailureHistory().events, ...fields },
  ];
  interface RetryJson {
    kind: string;
    text: string;
    command: string | null;
    redrive: { status: string; reason: string | null; count: number } | null;
  }

  it('suggests a new execution of the real state machine when Step Functions says NOT_REDRIVABLE', async () => {
    const reason = 'Execution redrivable period exceeded';
    const aws = await startLocalAws({
      executions: redrivable({
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: reason,
        redriveCount: 0,
      }),
    });
    servers.push(aws);
    const run = await runTriage([sample.executionArn, '--format', 'json', '--logs', '0'], { env: aws.env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { retry } = JSON.parse(run.stdout) as { retry: RetryJson };
    expect(retry.kind).toBe('fix_first');
    expect(retry.redrive).toEqual({ status: 'NOT_REDRIVABLE', reason, count: 0 });
    expect(retry.text).toContain(`cannot be redriven ("${reason}")`);
    expect(retry.text).not.toMatch(/redriven \d+ times? before/);
    expect(retry.command).toBe(
      `aws stepfunctions start-execution --state-machine-arn ${sample.stateMachineArn} --input file://input.json`,
    );
  });

  it('confirms the redrive and counts the earlier ones when Step Functions says REDRIVABLE', async () => {
    const aws = await startLocalAws({
      executions: redrivable({
        redriveStatus: 'REDRIVABLE',
        redriveCount: 2,
        redriveDate: '2026-11-25T01:00:00Z',
      }),
    });
    servers.push(aws);
    const run = await runTriage([sample.executionArn, '--format', 'json', '--logs', '0'], { env: aws.env });
    expect(run.code).toBe(0);
    const { retry } = JSON.parse(run.stdout) as { retry: RetryJson };
    expect(retry.redrive).toEqual({ status: 'REDRIVABLE', reason: null, count: 2 });
    expect(retry.text).toContain('Step Functions confirms that this execution can be redriven now.');
    expect(retry.text).toContain('It has been redriven 2 times before');
    expect(retry.command).toBe(`aws stepfunctions redrive-execution --execution-arn ${sample.executionArn}`);
  });

  it('says it cannot be redriven in the text output, in Japanese too', async () => {
    const aws = await startLocalAws({
      executions: redrivable({
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: 'Execution history event limit exceeded',
        redriveCount: 1,
      }),
    });
    servers.push(aws);
    const run = await runTriage([sample.executionArn, '--lang', 'ja', '--logs', '0'], { env: aws.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('この実行は redrive できない');
    expect(run.stdout).toContain('「Execution history event limit exceeded」');
    expect(run.stdout).toContain('これまでに 1 回 redrive されています');
    expect(run.stdout).toContain(
      `$ aws stepfunctions start-execution --state-machine-arn ${sample.stateMachineArn}`,
    );
  });

  it('keeps the general advice for a saved history, which has no redrive status', async () => {
    const run = await runTriage([await file('saved.json', historyJson), '--format', 'json']);
    expect(run.code).toBe(0);
    const { retry } = JSON.parse(run.stdout) as { retry: RetryJson };
    expect(retry.redrive).toBeNull();
    expect(retry.command).toBe('aws stepfunctions redrive-execution --execution-arn <execution ARN>');
    expect(retry.text).not.toContain('Step Functions confirms');
  });

  it('adds the log lines to a saved history when --logs is given', async () => {
    const aws = await startLocalAws();
    servers.push(aws);
    const run = await runTriage([await file('saved.json', historyJson), '--logs', '2', '--format', 'json'], {
      env: aws.env,
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ evidence: { logLines: sampleLogLines.slice(-2) } });
    expect(aws.sfn.calls).toEqual([]);
  });

  it('does not call AWS for a saved history without --logs', async () => {
    const aws = await startLocalAws();
    servers.push(aws);
    const run = await runTriage([await file('saved.json', historyJson)], { env: aws.env });
    expect(run.code).toBe(0);
    expect([...aws.sfn.calls, ...aws.ecs.calls, ...aws.logs.calls]).toEqual([]);
  });

  it('shows the last log lines in the text output', async () => {
    const aws = await startLocalAws();
    servers.push(aws);
    const run = await runTriage([sample.executionArn], { env: aws.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('JavaScript heap out of memory');
  });

  it('still diagnoses when the log cannot be read, with a note', async () => {
    const aws = await startLocalAws({ logLines: null });
    servers.push(aws);
    const run = await runTriage([sample.executionArn, '--format', 'json'], { env: aws.env });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { category: string; notes: string[] };
    expect(report.category).toBe('out_of_memory');
    expect(report.notes).toEqual([
      "Could not read the container's log: ResourceNotFoundException: The specified log stream does not exist.",
    ]);
  });

  it('exits 2 naming the execution when Step Functions does not know it', async () => {
    const aws = await startLocalAws({ executions: [] });
    servers.push(aws);
    const run = await runTriage([sample.executionArn], { env: aws.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`has no execution ${sample.executionArn}`);
  });

  it('exits 1 with a message when Step Functions cannot be reached', async () => {
    const aws = await startLocalAws();
    await aws.close();
    const run = await runTriage([sample.executionArn], { env: aws.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Could not read execution .* from Step Functions in eu-west-1/);
    expect(run.stderr).not.toMatch(noStack);
  });
});

describe('sekisho triage --post', () => {
  const servers2: LocalServer[] = [];
  afterEach(async () => {
    await Promise.all(servers2.splice(0).map((s) => s.close()));
  });

  it('posts the Block Kit message to the webhook, waiting out one 429', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 1 });
    servers2.push(slack);
    const run = await runTriage([await file('oom.json', historyJson), '--post', slack.webhookUrl]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('Posted to Slack.\n');
    expect(slack.answers).toEqual([429, 200]);
    expect(slack.accepted).toHaveLength(1);
    expect(slack.accepted[0]?.blocks.length).toBeGreaterThan(0);
    expect(JSON.stringify(slack.accepted[0]?.blocks)).toContain('ExportInvoices');
  });

  it('exits 1 after printing the diagnosis when Slack refuses the message', async () => {
    const slack = await startSlackServer({ rateLimitFirst: 0 });
    servers2.push(slack);
    const run = await runTriage([
      await file('oom.json', historyJson),
      '--post',
      `${slack.url}/services/wrong`,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('ExportInvoices');
    expect(run.stderr).toMatch(
      /not posted to Slack: Slack did not take the message: the webhook answered HTTP 404 no_service/,
    );
  });
});
