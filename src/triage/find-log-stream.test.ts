import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { awslogsStreamOf } from './find-log-stream.js';

const TASK_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/batch/0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09';
const definition = (options: Record<string, string>, logDriver = 'awslogs') => ({
  containerDefinitions: [
    {
      name: 'log_router',
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/router', 'awslogs-stream-prefix': 'fl' },
      },
    },
    { name: 'app', logConfiguration: { logDriver, options } },
  ],
});

describe('awslogsStreamOf', () => {
  it('derives prefix/container/task-id in the awslogs group and region of the container', () => {
    const options = {
      'awslogs-group': '/ecs/nightly',
      'awslogs-stream-prefix': 'batch',
      'awslogs-region': 'ap-northeast-1',
    };
    expect(awslogsStreamOf(definition(options), 'app', TASK_ARN)).toEqual({
      group: '/ecs/nightly',
      stream: 'batch/app/0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09',
      region: 'ap-northeast-1',
    });
  });

  it('falls back to the region of the task ARN and reads old-format task ARNs', () => {
    const options = { 'awslogs-group': '/ecs/nightly', 'awslogs-stream-prefix': 'batch' };
    expect(
      awslogsStreamOf(definition(options), 'app', 'arn:aws:ecs:us-east-2:123456789012:task/abc123'),
    ).toEqual({
      group: '/ecs/nightly',
      stream: 'batch/app/abc123',
      region: 'us-east-2',
    });
  });

  it('takes the task definition the ECS SDK returns as it is', () => {
    const sdk: TaskDefinition = {
      family: 'nightly-batch',
      containerDefinitions: [
        {
          name: 'app',
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/g', 'awslogs-stream-prefix': 'p' },
          },
        },
      ],
    };
    expect(awslogsStreamOf(sdk, 'app', TASK_ARN)?.stream).toBe('p/app/0f3c9d2b8a7e4c1f9e6d5b4a3c2b1a09');
  });

  it('returns null without a stream prefix, for another log driver, or an unknown container', () => {
    expect(awslogsStreamOf(definition({ 'awslogs-group': '/ecs/nightly' }), 'app', TASK_ARN)).toBeNull();
    expect(awslogsStreamOf(definition({ Name: 'cloudwatch' }, 'awsfirelens'), 'app', TASK_ARN)).toBeNull();
    expect(awslogsStreamOf(definition({}), 'worker', TASK_ARN)).toBeNull();
    expect(awslogsStreamOf({}, 'app', TASK_ARN)).toBeNull();
  });
});
