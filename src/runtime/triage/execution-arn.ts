import { InvalidInputError } from '../../shared/errors.js';

// Standard executions, and Distributed Map child executions (`stateMachine/mapRunLabel:uuid`).
const EXECUTION_ARN =
  /^arn:aws(?:-[a-z]+)*:states:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):execution:([^:\s]+):([^:\s]+)$/;

/** True when the argument looks like it was meant as an ARN rather than a file name. */
export function looksLikeArn(value: string): boolean {
  return value.startsWith('arn:');
}

/**
 * Checks that `value` is a Step Functions execution ARN and returns its region.
 *
 * @throws InvalidInputError `EXECUTION_ARN_INVALID` naming what is wrong (a state machine ARN, an
 *   Express execution, a malformed ARN) and what to pass instead.
 */
export function parseExecutionArn(value: string): { arn: string; region: string } {
  const match = EXECUTION_ARN.exec(value);
  if (match?.[1] !== undefined) return { arn: value, region: match[1] };
  const kind = value.split(':')[5];
  const why =
    kind === 'stateMachine'
      ? 'it is a state machine ARN; pass the ARN of the failed execution (arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME)'
      : kind === 'express'
        ? 'it is an Express execution, which has no execution history in Step Functions; use its CloudWatch Logs instead'
        : 'expected arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME';
  throw new InvalidInputError(
    'EXECUTION_ARN_INVALID',
    `'${value}' is not a Step Functions execution ARN: ${why}.`,
  );
}
