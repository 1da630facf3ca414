import { describe, expect, it } from 'vitest';
import type { EcsTask } from './ecs/ecs-task.js';
import { readEcsObject } from './ecs/read-ecs-cause.js';
import { parseHistory } from './history/parse-history.js';
import { whatChanged } from './what-changed.js';

const TD = 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly-batch';
const task = (revision: number, image: string): Record<string, unknown> => ({
  taskArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task/batch/0f3c',
  taskDefinitionArn: `${TD}:${revision}`,
  containers: [
    { name: 'app', image, exitCode: 1 },
    { name: 'log_router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0', exitCode: 0 },
  ],
});
const asTask = (raw: Record<string, unknown>): EcsTask => {
  const read = readEcsObject(raw);
  if (read?.kind !== 'task') throw new Error('not a task');
  return read.task;
};
const previous = (raw: Record<string, unknown>) => ({
  executionArn: 'arn:aws:states:ap-northeast-1:123456789012:execution:nightly-batch:run-2026-03-01',
  history: parseHistory({
    events: [
      {
        id: 7,
        previousEventId: 6,
        timestamp: 1772420400,
        type: 'TaskSucceeded',
        taskSucceededEventDetails: {
          resourceType: 'ecs',
          resource: 'runTask.sync',
          output: JSON.stringify(raw),
        },
      },
    ],
  }),
});

describe('whatChanged', () => {
  it('names the revision and the image that differ, container by container', () => {
    const now = asTask(task(42, '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:2026.03.02'));
    expect(
      whatChanged(
        now,
        previous(task(41, '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:2026.03.01')),
      ),
    ).toEqual({
      previousExecutionArn:
        'arn:aws:states:ap-northeast-1:123456789012:execution:nightly-batch:run-2026-03-01',
      taskDefinition: { before: 'nightly-batch:41', now: 'nightly-batch:42' },
      images: [
        {
          container: 'app',
          before: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:2026.03.01',
          now: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:2026.03.02',
        },
      ],
    });
  });

  it('says nothing when the same revision and images ran, or when no task of the family succeeded', () => {
    const image = '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:2026.03.01';
    expect(whatChanged(asTask(task(41, image)), previous(task(41, image)))).toBeNull();
    const other = {
      ...task(3, image),
      taskDefinitionArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/other:3',
    };
    expect(whatChanged(asTask(task(41, image)), previous(other))).toBeNull();
  });
});
