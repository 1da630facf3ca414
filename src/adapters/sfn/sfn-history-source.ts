import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { RedriveState } from '../../triage/diagnosis.js';
import type { ExecutionHistorySource, ExecutionRecord } from '../../triage/ports.js';

/** Options of {@link SfnHistorySource}. */
export interface SfnHistorySourceOptions {
  /** Events per GetExecutionHistory page. Default 1000, the service maximum. */
  readonly pageSize?: number;
  /** Stop after this many pages, a guard against a service that never ends. Default 100 (25,000 events need 25). */
  readonly maxPages?: number;
}

/**
 * Reads a live execution through Step Functions: DescribeExecution for its status, then every
 * GetExecutionHistory page (nextToken) without the execution's input and output data, which the
 * triage does not need and which can be large or sensitive.
 */
export class SfnHistorySource implements ExecutionHistorySource {
  private readonly pageSize: number;
  private readonly maxPages: number;

  constructor(
    private readonly client: SFNClient,
    options: SfnHistorySourceOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.maxPages = options.maxPages ?? 100;
  }

  lastSucceeded(stateMachineArn: string): Promise<ExecutionRecord | null> {
    return lastSucceededOf(this.client, stateMachineArn);
  }

  async getHistory(executionArn: string): Promise<ExecutionRecord> {
    const described = await this.client.send(new DescribeExecutionCommand({ executionArn }));
    const events: unknown[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.client.send(
        new GetExecutionHistoryCommand({
          executionArn,
          maxResults: this.pageSize,
          includeExecutionData: false,
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken !== undefined && nextToken !== '' && pages < this.maxPages);
    return {
      execution: {
        executionArn: described.executionArn ?? executionArn,
        stateMachineArn: described.stateMachineArn ?? null,
        name: described.name ?? null,
        status: described.status ?? 'UNKNOWN',
        startDate: described.startDate?.toISOString() ?? null,
        stopDate: described.stopDate?.toISOString() ?? null,
        error: described.error ?? null,
        cause: described.cause ?? null,
        redrive: redriveOf(described),
      },
      events,
    };
  }
}

/**
 * The newest SUCCEEDED execution (ListExecutions) and its newest history page (1,000 events, newest
 * first, with data): enough to find the task of the same state that last succeeded.
 */
async function lastSucceededOf(client: SFNClient, stateMachineArn: string): Promise<ExecutionRecord | null> {
  const listed = await client.send(
    new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED', maxResults: 1 }),
  );
  const last = listed.executions?.[0];
  if (last?.executionArn === undefined) return null;
  const page = await client.send(
    new GetExecutionHistoryCommand({
      executionArn: last.executionArn,
      maxResults: 1000,
      reverseOrder: true,
      includeExecutionData: true,
    }),
  );
  return {
    execution: {
      executionArn: last.executionArn,
      stateMachineArn,
      name: last.name ?? null,
      status: last.status ?? 'SUCCEEDED',
      startDate: last.startDate?.toISOString() ?? null,
      stopDate: last.stopDate?.toISOString() ?? null,
      error: null,
      cause: null,
      redrive: null,
    },
    events: page.events ?? [],
  };
}

const redriveStatuses: readonly RedriveState['status'][] = [
  'REDRIVABLE',
  'NOT_REDRIVABLE',
  'REDRIVABLE_BY_MAP_RUN',
];

/**
 * DescribeExecution's redrive fields. A status this code does not know (one AWS adds later) or none
 * at all (an older service) gives null: the triage then keeps its general advice rather than guess.
 */
export function redriveOf(described: DescribeExecutionCommandOutput): RedriveState | null {
  const status = redriveStatuses.find((s) => s === described.redriveStatus);
  if (status === undefined) return null;
  return {
    status,
    reason: described.redriveStatusReason ?? null,
    count: described.redriveCount ?? 0,
  };
}
