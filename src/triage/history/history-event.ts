/**
 * The normalised execution history the triage reasons about: events ascending by id, timestamps as
 * epoch milliseconds, and the fields the diagnosis reads lifted out of the per-type `*EventDetails`.
 */
export interface HistoryEvent {
  readonly id: number;
  /** 0 when the event has no predecessor (ExecutionStarted). */
  readonly previousEventId: number;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  /** The Step Functions event type, e.g. 'TaskStateEntered', 'TaskFailed', 'MapIterationFailed'. */
  readonly type: string;
  /** `name` of the details: the state for *StateEntered/Exited, the Map state for MapIteration*. */
  readonly stateName: string | null;
  readonly error: string | null;
  readonly cause: string | null;
  /** e.g. 'ecs', 'lambda' (Task*, from the details). */
  readonly resourceType: string | null;
  /** e.g. 'runTask.sync', 'invoke'. */
  readonly resource: string | null;
  /** `index` of MapIteration* events. */
  readonly iterationIndex: number | null;
  /** The raw `*EventDetails` object, for what the fields above do not lift. */
  readonly details: Readonly<Record<string, unknown>> | null;
}

export interface ExecutionHistory {
  readonly events: readonly HistoryEvent[];
  /** Event types this version does not know; kept (AWS adds types) but ignored by the diagnosis. */
  readonly unknownEventTypes: readonly string[];
  /** False when the input ended with a `nextToken`: later pages were not given. */
  readonly complete: boolean;
}
