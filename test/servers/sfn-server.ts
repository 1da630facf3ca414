import { AwsJsonError, type AwsJsonServer, startAwsJsonServer } from './aws-json-server.js';

/** One execution the local Step Functions serves. */
export interface LocalExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly status: string;
  /** History events as the CLI prints them (ISO or epoch timestamps); served in the wire format. */
  readonly events: readonly Record<string, unknown>[];
  readonly error?: string;
  readonly cause?: string;
  /**
   * DescribeExecution's redrive fields, as the service sends them. Omitted unless given, as an
   * execution described before redrive existed; the real service sends redriveStatus and
   * redriveCount for every execution of a Standard workflow.
   */
  readonly redriveStatus?: 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';
  readonly redriveStatusReason?: string;
  readonly redriveCount?: number;
  /** ISO timestamp of the last redrive; sent as epoch seconds like every timestamp of the protocol. */
  readonly redriveDate?: string;
}

/** Options of {@link startSfnServer}. */
export interface SfnServerOptions {
  readonly executions: readonly LocalExecution[];
  /** Operations that answer ThrottlingException once before they succeed. */
  readonly throttleFirstCallOf?: readonly ('GetExecutionHistory' | 'DescribeExecution')[];
  /** Caps the page size below what the client asks for, to force many pages. */
  readonly maxPageSize?: number;
}

// The JSON protocols carry timestamps as epoch seconds (fractional), whatever the CLI prints.
function toEpochSeconds(value: unknown): unknown {
  if (typeof value === 'string' && Number.isNaN(Number(value))) return Date.parse(value) / 1000;
  if (typeof value === 'number' && value > 1e11) return value / 1000;
  return value;
}

function wireEvent(event: Record<string, unknown>): Record<string, unknown> {
  return { ...event, timestamp: toEpochSeconds(event.timestamp) };
}

const executionArnPattern = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/;

/**
 * A local Step Functions that speaks the AWS JSON 1.0 protocol: DescribeExecution,
 * GetExecutionHistory with maxResults/nextToken pagination and reverseOrder, and ListExecutions
 * (newest first, statusFilter, maxResults), answering the service's own errors (InvalidArn,
 * ExecutionDoesNotExist, InvalidToken, StateMachineDoesNotExist).
 */
export function startSfnServer(options: SfnServerOptions): Promise<AwsJsonServer> {
  const find = (arn: unknown): LocalExecution => {
    if (typeof arn !== 'string' || !executionArnPattern.test(arn))
      throw new AwsJsonError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    const execution = options.executions.find((e) => e.executionArn === arn);
    if (execution === undefined)
      throw new AwsJsonError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  };
  return startAwsJsonServer({
    targetPrefix: 'AWSStepFunctions',
    jsonVersion: '1.0',
    ...(options.throttleFirstCallOf === undefined
      ? {}
      : { throttleFirstCallOf: options.throttleFirstCallOf }),
    operations: {
      ListExecutions(input) {
        const machine = input.stateMachineArn;
        if (typeof machine !== 'string' || !options.executions.some((e) => e.stateMachineArn === machine))
          throw new AwsJsonError(
            'StateMachineDoesNotExist',
            `State Machine Does Not Exist: '${String(machine)}'`,
          );
        const started = (e: LocalExecution) => Number(toEpochSeconds(e.events[0]?.timestamp) ?? 0);
        const matching = options.executions
          .filter((e) => e.stateMachineArn === machine)
          .filter((e) => typeof input.statusFilter !== 'string' || e.status === input.statusFilter)
          .sort((a, b) => started(b) - started(a));
        const size = typeof input.maxResults === 'number' && input.maxResults > 0 ? input.maxResults : 100;
        return {
          executions: matching.slice(0, size).map((e) => ({
            executionArn: e.executionArn,
            stateMachineArn: e.stateMachineArn,
            name: e.executionArn.split(':').at(-1),
            status: e.status,
            startDate: started(e),
            ...(e.status === 'RUNNING' ? {} : { stopDate: toEpochSeconds(e.events.at(-1)?.timestamp) }),
          })),
        };
      },
      DescribeExecution(input) {
        const e = find(input.executionArn);
        const first = e.events[0];
        const last = e.events.at(-1);
        return {
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.executionArn.split(':').at(-1),
          status: e.status,
          startDate: toEpochSeconds(first?.timestamp),
          ...(e.status === 'RUNNING' ? {} : { stopDate: toEpochSeconds(last?.timestamp) }),
          ...(e.error === undefined ? {} : { error: e.error }),
          ...(e.cause === undefined ? {} : { cause: e.cause }),
          ...(e.redriveStatus === undefined ? {} : { redriveStatus: e.redriveStatus }),
          ...(e.redriveStatusReason === undefined ? {} : { redriveStatusReason: e.redriveStatusReason }),
          ...(e.redriveCount === undefined ? {} : { redriveCount: e.redriveCount }),
          ...(e.redriveDate === undefined ? {} : { redriveDate: toEpochSeconds(e.redriveDate) }),
        };
      },
      GetExecutionHistory(input) {
        const e = find(input.executionArn);
        const asked = typeof input.maxResults === 'number' && input.maxResults > 0 ? input.maxResults : 100;
        const size = Math.min(asked, 1000, options.maxPageSize ?? 1000);
        let offset = 0;
        if (typeof input.nextToken === 'string') {
          offset = Number(
            Buffer.from(input.nextToken, 'base64url')
              .toString('utf8')
              .replace(/^offset:/, ''),
          );
          if (!Number.isInteger(offset) || offset < 0 || offset > e.events.length)
            throw new AwsJsonError('InvalidToken', 'Invalid Token');
        }
        const ordered = input.reverseOrder === true ? [...e.events].reverse() : e.events;
        const page = ordered.slice(offset, offset + size).map(wireEvent);
        const next = offset + size;
        return {
          events: page,
          ...(next < ordered.length
            ? { nextToken: Buffer.from(`offset:${next}`).toString('base64url') }
            : {}),
        };
      },
    },
  });
}
