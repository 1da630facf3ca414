import { describe, expect, it } from 'vitest';
import { readEcsCause } from './read-ecs-cause.js';

describe('readEcsCause', () => {
  it('reads a PascalCase task with containers, overrides and epoch-ms times', () => {
    const cause = JSON.stringify({
      TaskArn: 'arn:aws:ecs:eu-west-1:1:task/c/t',
      StopCode: 'EssentialContainerExited',
      StoppedReason: 'Essential container in task exited',
      Containers: [{ Name: 'app', ExitCode: 1, LastStatus: 'STOPPED' }],
      Overrides: { ContainerOverrides: [{ Name: 'app', Command: ['run', '--all'] }] },
      StartedAt: 1772420400000,
      StoppedAt: 1772420460000,
    });
    const read = readEcsCause(cause);
    expect(read?.kind).toBe('task');
    if (read?.kind !== 'task') return;
    expect(read.task.containers).toEqual([
      { name: 'app', exitCode: 1, reason: null, lastStatus: 'STOPPED', image: null, essential: null },
    ]);
    expect(read.task.commands.get('app')).toEqual(['run', '--all']);
    expect([read.task.startedAt, read.task.stoppedAt]).toEqual([1772420400000, 1772420460000]);
  });

  it('reads a camelCase DescribeTasks response with ISO times', () => {
    const read = readEcsCause(
      JSON.stringify({
        tasks: [
          { taskArn: 'arn:x', stopCode: 'UserInitiated', containers: [], startedAt: '2026-03-02T03:00:00Z' },
        ],
      }),
    );
    expect(read).toMatchObject({
      kind: 'task',
      task: { taskArn: 'arn:x', stopCode: 'UserInitiated', startedAt: Date.parse('2026-03-02T03:00:00Z') },
    });
  });

  it('reads RunTask failures, and keeps a cause that is not JSON (or not a task) as text', () => {
    expect(readEcsCause('{"Failures":[{"Arn":"a","Reason":"RESOURCE:MEMORY"}],"Tasks":[]}')).toEqual({
      kind: 'failures',
      failures: [{ arn: 'a', reason: 'RESOURCE:MEMORY', detail: null }],
    });
    expect(readEcsCause('Rate exceeded')).toEqual({ kind: 'text', text: 'Rate exceeded' });
    expect(readEcsCause('{"errorMessage":"boom"}')).toEqual({
      kind: 'text',
      text: '{"errorMessage":"boom"}',
    });
    expect(readEcsCause('{"trunc')).toEqual({ kind: 'text', text: '{"trunc' });
    expect(readEcsCause(null)).toBeNull();
  });
});
