import { describe, expect, it } from 'vitest';
import {
  clusterNameOf,
  regionOfArn,
  stateMachineArnOf,
  taskDefinitionNameOf,
  taskIdOf,
} from './console-links.js';

describe('console links', () => {
  it('reads the region of ARNs in any partition, and null for anything else', () => {
    expect(regionOfArn('arn:aws:ecs:eu-west-1:123456789012:task/c/t')).toBe('eu-west-1');
    expect(regionOfArn('arn:aws-us-gov:states:us-gov-west-1:1:execution:sm:x')).toBe('us-gov-west-1');
    expect(regionOfArn('arn:aws-cn:ecs:cn-north-1:1:cluster/c')).toBe('cn-north-1');
    expect(regionOfArn('arn:aws:iam::123456789012:role/r')).toBeNull();
    expect(regionOfArn(null)).toBeNull();
  });

  it('reads task ids, clusters and task definitions from new- and old-format ARNs', () => {
    expect(taskIdOf('arn:aws:ecs:eu-west-1:1:task/batch/abc')).toBe('abc');
    expect(taskIdOf('arn:aws:ecs:eu-west-1:1:task/abc')).toBe('abc');
    expect(clusterNameOf('arn:aws:ecs:eu-west-1:1:cluster/batch', null)).toBe('batch');
    expect(clusterNameOf(null, 'arn:aws:ecs:eu-west-1:1:task/batch/abc')).toBe('batch');
    expect(clusterNameOf(null, 'arn:aws:ecs:eu-west-1:1:task/abc')).toBeNull();
    expect(taskDefinitionNameOf('arn:aws:ecs:eu-west-1:1:task-definition/nightly:42')).toBe('nightly:42');
  });

  it('derives the state machine of standard and express executions', () => {
    expect(stateMachineArnOf('arn:aws:states:eu-west-1:123456789012:execution:nightly:run-1')).toBe(
      'arn:aws:states:eu-west-1:123456789012:stateMachine:nightly',
    );
    expect(stateMachineArnOf('arn:aws:states:eu-west-1:123456789012:express:nightly:run-1:abc')).toBe(
      'arn:aws:states:eu-west-1:123456789012:stateMachine:nightly',
    );
    expect(stateMachineArnOf('not-an-arn')).toBeNull();
  });
});
