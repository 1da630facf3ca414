import { describe, expect, it } from 'vitest';
import { readTriageEvent } from './triage-event.js';

const executionArn = 'arn:aws:states:eu-west-1:123456789012:execution:nightly-billing:run-1';

function statusChange(status: string, extra: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '315c1398-40ff-a850-213b-158f73e60175',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '123456789012',
    time: '2026-11-25T00:10:00Z',
    region: 'eu-west-1',
    resources: [executionArn],
    detail: {
      executionArn,
      stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:nightly-billing',
      name: 'run-1',
      status,
      startDate: 1795564800000,
      stopDate: 1795565430000,
      input: '{}',
      output: null,
      ...extra,
    },
  };
}

describe('readTriageEvent', () => {
  it.each(['FAILED', 'TIMED_OUT', 'ABORTED'])('triages an execution that ended %s', (status) => {
    expect(readTriageEvent(statusChange(status, { error: 'States.TaskFailed', cause: '{}' }))).toEqual({
      kind: 'triage',
      executionArn,
      error: 'States.TaskFailed',
      cause: '{}',
    });
  });

  it('skips a status that is not a failure, saying why', () => {
    expect(readTriageEvent(statusChange('SUCCEEDED'))).toEqual({
      kind: 'skip',
      reason: `execution ${executionArn} is SUCCEEDED, not a failure`,
    });
  });

  it('accepts a direct invocation with an execution ARN', () => {
    expect(readTriageEvent({ executionArn })).toEqual({
      kind: 'triage',
      executionArn,
      error: null,
      cause: null,
    });
  });

  it('rejects anything else with what it expected', () => {
    expect(() => readTriageEvent({ hello: 'world' })).toThrow(/Step Functions Execution Status Change/);
  });
});
