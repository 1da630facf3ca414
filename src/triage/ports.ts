import type { RedriveState } from './diagnosis.js';

/**
 * The triage's ports: how the edge hands the outside world (Step Functions, ECS, CloudWatch Logs,
 * Slack) to the code that diagnoses a failed execution. Adapters live under `src/adapters/<system>/`.
 */

/** The execution itself, as DescribeExecution reports it (only what the triage reads). */
export interface ExecutionSummary {
  readonly executionArn: string;
  readonly stateMachineArn: string | null;
  readonly name: string | null;
  /** RUNNING | SUCCEEDED | FAILED | TIMED_OUT | ABORTED | PENDING_REDRIVE. */
  readonly status: string;
  readonly startDate: string | null;
  readonly stopDate: string | null;
  readonly error: string | null;
  readonly cause: string | null;
  /** Whether Step Functions can redrive it now, why not, and how often it has been; null when the service does not say. */
  readonly redrive: RedriveState | null;
}

/** A live execution's summary and every history event, in the order the service returned them. */
export interface ExecutionRecord {
  readonly execution: ExecutionSummary;
  /** The raw events (SDK shape, camelCase); `parseHistory` validates them. */
  readonly events: readonly unknown[];
}

/** Reads an execution and its whole history (all pages). */
export interface ExecutionHistorySource {
  getHistory(executionArn: string): Promise<ExecutionRecord>;
  /**
   * The most recent SUCCEEDED execution of a state machine with its newest history page, including
   * the events' data (a succeeded task's output names its task definition and images); null when
   * there is none. Optional: a source without it gives no "what changed" hint.
   */
  lastSucceeded?(stateMachineArn: string): Promise<ExecutionRecord | null>;
}

/** The part of an ECS task definition the triage reads: where each container sends its logs. */
export interface TaskDefinitionView {
  readonly taskDefinitionArn: string;
  readonly containerDefinitions: readonly {
    readonly name: string;
    readonly logConfiguration?: {
      readonly logDriver: string;
      readonly options?: Readonly<Record<string, string>>;
    };
  }[];
}

/** Reads an ECS task definition by ARN (or family:revision). */
export interface TaskDefinitionSource {
  describe(taskDefinitionArn: string): Promise<TaskDefinitionView>;
}

/** Reads the last lines of a CloudWatch Logs stream. */
export interface LogTailSource {
  /** The last `lines` messages of the stream, oldest first. */
  tail(group: string, stream: string, lines: number): Promise<string[]>;
}

/** A chat message: a plain-text fallback and Block Kit blocks. */
export interface ChatMessage {
  readonly text: string;
  readonly blocks: readonly unknown[];
}

/** Posts a message to a team's channel; rejects when the message could not be delivered. */
export interface Notifier {
  post(message: ChatMessage): Promise<void>;
}
