import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ecsFailureHistory } from './support/ecs-failure-history.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the real CLI entry point (the one bin/sekisho.js loads from dist/) in a child process. */
function sekisho(
  args: string[],
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/cli/entry.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the sekisho process', () => {
  it('diagnoses a history piped on stdin and exits 0', async () => {
    const run = await sekisho(['triage', '-', '--format', 'json'], JSON.stringify(ecsFailureHistory()));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ category: 'out_of_memory', exitCode: 137 });
  });

  it('exits 2 with a message and no stack trace for truncated JSON on stdin', async () => {
    const run = await sekisho(['triage', '-'], '{"events": [');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^sekisho triage: stdin: .*not valid JSON.*was the file cut short\?/s);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
