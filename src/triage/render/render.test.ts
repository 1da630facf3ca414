import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose.js';
import type { Diagnosis } from '../diagnosis.js';
import { parseHistory } from '../history/parse-history.js';
import { renderMarkdown } from './render-markdown.js';
import { renderSlackMessage } from './render-slack-message.js';
import { renderText } from './render-text.js';
import { renderUndiagnosedSlackMessage } from './render-undiagnosed-slack-message.js';
import { toJsonReport } from './to-json-report.js';
import { truncateEnd, truncateStart } from './truncate.js';

const EXECUTION_ARN = 'arn:aws:states:ap-northeast-1:123456789012:execution:nightly-batch:run-2026-03-02';
const diagnosisOf = (name: string, lang: 'en' | 'ja' = 'en', logLines: string[] | null = null) =>
  diagnose(
    parseHistory(
      readFileSync(new URL(`../../../test/fixtures/triage/${name}.json`, import.meta.url), 'utf8'),
    ),
    {
      lang,
      executionArn: EXECUTION_ARN,
      logLines,
      logStream: { group: '/ecs/nightly-batch', stream: 'batch/app/0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09' },
    },
  );

type Block = {
  type: string;
  text?: { type: string; text: string };
  fields?: { text: string }[];
  elements?: { text?: unknown }[];
};

/** Every Block Kit limit a message must respect, checked on the message as it would be posted. */
function expectWithinSlackLimits(message: { text: string; blocks: unknown[] }) {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const block of message.blocks as Block[]) {
    if (block.type === 'header') expect(block.text?.text.length).toBeLessThanOrEqual(150);
    if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    if (block.fields) {
      expect(block.fields.length).toBeLessThanOrEqual(10);
      for (const field of block.fields) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    if (block.type === 'actions')
      for (const element of block.elements ?? [])
        expect((element.text as { text: string }).text.length).toBeLessThanOrEqual(75);
    // JSON.stringify writes a lone surrogate (half an emoji) as a \udXXX escape.
    expect(JSON.stringify(block)).not.toMatch(/\\u[dD][89a-fA-F][0-9a-fA-F]{2}/);
  }
}

describe('renderText', () => {
  it('names the failed state, the container and the exit code', () => {
    const text = renderText(diagnosisOf('oom-with-sidecars'));
    expect(text).toContain("[out_of_memory] RunBatch: container 'app' ran out of memory");
    expect(text).toMatch(/State:\s+RunBatch/);
    expect(text).toMatch(/Container:\s+app/);
    expect(text).toMatch(/Exit code:\s+137 \(SIGKILL\)/);
    expect(text).toContain('Duration:');
  });

  it('shows the cause of a failure without an ECS task: a Lambda error as type and message, RunTask failure reasons', () => {
    expect(renderText(diagnosisOf('lambda-error'))).toMatch(/Cause:\s+ValueError: time data '2026-13-01'/);
    expect(renderText(diagnosisOf('run-task-memory'))).toMatch(/Cause:\s+RESOURCE:MEMORY arn:aws:ecs:/);
    expect(renderText(diagnosisOf('fail-state'))).toMatch(/Cause:\s+No files were uploaded for 2026-03-01/);
  });

  it('says "(none)" for a container and exit code the failure does not have', () => {
    const text = renderText(diagnosisOf('ecs-access-denied'));
    expect(text).toMatch(/Container:\s+\(none\)/);
    expect(text).toMatch(/Exit code:\s+\(none\)/);
  });

  it('renders the retry attempt, the Map path and Japanese labels', () => {
    expect(renderText(diagnosisOf('retries'))).toMatch(/Attempt:\s+attempt 3 of 3/);
    expect(renderText(diagnosisOf('map-iteration'))).toContain('Map ProcessFiles › iteration 2 › RunBatch');
    const ja = renderText(diagnosisOf('retries', 'ja'));
    expect(ja).toMatch(/試行:\s+3 回中 3 回目/);
    expect(ja).toContain('次にやること:');
  });
});

describe('retry advice in the renderers', () => {
  const REDRIVE = `aws stepfunctions redrive-execution --execution-arn ${EXECUTION_ARN}`;

  it('puts "How to retry" with the redrive command after the next steps in text, before the log lines', () => {
    const text = renderText(diagnosisOf('oom-with-sidecars', 'en', ['Killed']));
    expect(text).toMatch(/How to retry: A re-run repeats this failure/);
    expect(text).toContain(`  $ ${REDRIVE}`);
    expect(text.indexOf('Next steps:')).toBeLessThan(text.indexOf('How to retry:'));
    expect(text.indexOf('How to retry:')).toBeLessThan(text.indexOf('Last log lines:'));
    const ja = renderText(diagnosisOf('run-task-memory', 'ja'));
    expect(ja).toMatch(/再実行: 一時的な原因と考えられます/);
    expect(ja).toContain(`  $ ${REDRIVE}`);
  });

  it('shows no command for a succeeded execution', () => {
    const text = renderText(diagnosisOf('succeeded'));
    expect(text).toContain('How to retry: Nothing to re-run');
    expect(text).not.toContain('redrive-execution');
  });

  it('renders a "How to retry" section with the command in a sh block in markdown', () => {
    const md = renderMarkdown(diagnosisOf('spot-interruption'));
    expect(md).toContain('**How to retry**\n\nThe cause is likely transient');
    expect(md).toContain(`\`\`\`sh\n${REDRIVE}\n\`\`\``);
    expect(renderMarkdown(diagnosisOf('stopped-by-user', 'ja'))).toContain('**再実行**');
  });

  it('adds the retry section with the command as code to the Slack message', () => {
    const message = renderSlackMessage(diagnosisOf('exit-127', 'ja'));
    expectWithinSlackLimits(message);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('*再実行*\\n');
    expect(json).toContain(`\`\`\`\\n${REDRIVE}\\n\`\`\``);
  });
});

describe('renderMarkdown', () => {
  it('renders a table of evidence, numbered next steps, the log in a details block and links', () => {
    const md = renderMarkdown(diagnosisOf('exit-1-sidecar-sigterm', 'en', ['line | with pipe', '```oops']));
    expect(md).toContain('### RunBatch: container');
    expect(md).toContain('| Exit code | 1 |');
    expect(md).toContain('1. Read the last lines');
    expect(md).toContain('<details><summary>Last log lines</summary>');
    expect(md).not.toContain('\n```oops');
    expect(md).toMatch(/- \[ECS task\]\(https:\/\/ap-northeast-1\.console\.aws\.amazon\.com\/ecs\//);
  });
});

describe('toJsonReport', () => {
  it('lifts category, exitCode, failedState and container to the top level', () => {
    const report = toJsonReport(diagnosisOf('oom-with-sidecars'));
    expect(report).toMatchObject({
      category: 'out_of_memory',
      exitCode: 137,
      failedState: 'RunBatch',
      container: 'app',
    });
    expect(report.nextSteps.length).toBeGreaterThan(0);
    expect(report.evidence.taskArn).toMatch(/^arn:aws:ecs:/);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('reports the retry advice as a retry field', () => {
    expect(toJsonReport(diagnosisOf('pull-rate-limit')).retry).toEqual({
      kind: 'retry_now',
      reason: 'A registry rate limit passes once its time window resets.',
      text: expect.stringContaining('transient'),
      command: `aws stepfunctions redrive-execution --execution-arn ${EXECUTION_ARN}`,
      // A history file: Step Functions was not asked whether it can be redriven.
      redrive: null,
    });
    expect(toJsonReport(diagnosisOf('succeeded')).retry).toMatchObject({ kind: 'not_needed', command: null });
  });

  it('reports null container and exit code when there are none', () => {
    expect(toJsonReport(diagnosisOf('run-task-memory'))).toMatchObject({
      container: null,
      exitCode: null,
      category: 'capacity',
    });
  });
});

describe('renderSlackMessage', () => {
  it('builds a header, the explanation, evidence fields, next steps, log lines in code and console buttons', () => {
    const message = renderSlackMessage(diagnosisOf('oom-with-sidecars', 'en', ['Killed', 'MemoryError']));
    expectWithinSlackLimits(message);
    const json = JSON.stringify(message.blocks);
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
    expect(json).toContain('```\\nKilled\\nMemoryError\\n```');
    expect(json).toContain('"type":"actions"');
    expect(message.text).toContain('State: RunBatch, Container: app, Exit code: 137');
  });

  it('stays within every limit for every fixture in both languages', () => {
    for (const name of [
      'oom-with-sidecars',
      'map-iteration',
      'fail-state',
      'succeeded',
      'init-secret-access-denied',
      'run-task-memory',
    ])
      for (const lang of ['en', 'ja'] as const)
        expectWithinSlackLimits(renderSlackMessage(diagnosisOf(name, lang)));
  });

  it('truncates a huge title, reasons and logs without splitting an emoji, keeping the latest log lines', () => {
    const base = diagnosisOf('exit-1-sidecar-sigterm');
    const huge: Diagnosis = {
      ...base,
      title: `${'🔥'.repeat(200)}`,
      explanation: '<&>'.repeat(2000),
      nextSteps: Array.from({ length: 300 }, (_, i) => `step ${i} ${'x'.repeat(50)}`),
      evidence: {
        ...base.evidence,
        stoppedReason: 'R'.repeat(10_000),
        containerReason: '😀'.repeat(5000),
        logLines: Array.from({ length: 5000 }, (_, i) => `log line ${i} ${'&'.repeat(10)}`),
      },
    };
    const message = renderSlackMessage(huge);
    expectWithinSlackLimits(message);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('log line 4999');
    expect(json).not.toContain('log line 0 ');
  });
});

describe('every renderer', () => {
  it('renders every fixture in both languages, Slack within its limits', () => {
    const names = readdirSync(new URL('../../../test/fixtures/triage/', import.meta.url))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5));
    expect(names.length).toBeGreaterThan(60);
    for (const name of names)
      for (const lang of ['en', 'ja'] as const) {
        const d = diagnosisOf(name, lang, ['last line']);
        expect(renderText(d)).toContain(d.title);
        expect(renderMarkdown(d)).toContain(d.title);
        expect(toJsonReport(d).category).toBe(d.category);
        expectWithinSlackLimits(renderSlackMessage(d));
      }
  });
});

describe('renderUndiagnosedSlackMessage', () => {
  it('names a stopped ECS task, not an execution, and links to the task', () => {
    const taskArn = 'arn:aws:ecs:ap-northeast-1:123456789012:task/batch/0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09';
    const message = renderUndiagnosedSlackMessage({
      executionArn: null,
      taskArn,
      rawError: 'EssentialContainerExited',
      rawCause: 'Essential container in task exited',
      reason: 'the event has no containers',
    });
    const json = JSON.stringify(message.blocks);
    expect(message.text).toBe(
      `ECS task stopped with a failure (not diagnosed): ${taskArn} EssentialContainerExited`,
    );
    expect(json).toContain('/ecs/v2/clusters/batch/tasks/0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09');
    expect(json).not.toContain('Step Functions');
  });

  it('posts the raw error, the cause and why the diagnosis failed, with a link to the execution', () => {
    const message = renderUndiagnosedSlackMessage({
      executionArn: EXECUTION_ARN,
      rawError: 'States.TaskFailed',
      rawCause: '{"broken": '.repeat(1000),
      reason: 'The execution history is not valid: events[3].type is missing',
    });
    expectWithinSlackLimits(message);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('States.TaskFailed');
    expect(json).toContain('events[3].type is missing');
    expect(json).toContain('#/v2/executions/details/arn:aws:states:ap-northeast-1');
    expect(message.text).toContain('not diagnosed');
  });

  it('works without an execution ARN, error or cause', () => {
    const message = renderUndiagnosedSlackMessage({
      executionArn: null,
      rawError: null,
      rawCause: null,
      reason: 'timeout',
      lang: 'ja',
    });
    expectWithinSlackLimits(message);
    expect(message.text).toContain('診断できませんでした');
  });
});

describe('truncate', () => {
  it('never splits a surrogate pair at either end', () => {
    expect(truncateEnd('ab😀cd', 4)).toBe('ab…');
    expect(truncateStart('ab😀cd', 4)).toBe('…cd');
    expect(truncateEnd('short', 10)).toBe('short');
  });
});
