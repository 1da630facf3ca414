import { EventKind } from './history/event-kinds.js';
import type { EventScopes } from './history/event-scopes.js';
import { statePathOf } from './history/event-scopes.js';
import type { HistoryEvent } from './history/history-event.js';

/** How the execution ended: a terminal event type, or 'running' when the history has none. */
export type ExecutionStatus =
  | 'ExecutionFailed'
  | 'ExecutionTimedOut'
  | 'ExecutionAborted'
  | 'ExecutionSucceeded'
  | 'running';

/** What failed first and for good: the task (not the Fail state a Catch routed it to), with its attempts. */
export interface RootFailure {
  readonly status: ExecutionStatus;
  /**
   * 'leaf': a task, Lambda, activity, expression or Map Run failed; 'workflow_fail': the workflow's own
   * Fail state; 'execution': the execution itself (timeout, abort, States.Runtime); 'none': it succeeded.
   */
  readonly kind: 'leaf' | 'workflow_fail' | 'execution' | 'none';
  readonly event: HistoryEvent | null;
  readonly stateName: string | null;
  readonly statePath: readonly string[];
  /** Which attempt failed (1-based) and how many were made, from the TaskScheduled events of the entry. */
  readonly attempt: number | null;
  readonly attempts: number | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly resourceType: string | null;
  readonly resource: string | null;
  /** Epoch ms when the failed state was entered, and when the failure (or the end) happened. */
  readonly enteredAt: number | null;
  readonly failedAt: number | null;
  /** Set when the history holds an ExecutionRedriven event: only the events after the last one decide the outcome. */
  readonly redrive: Redrive | null;
  /**
   * How many other runs of the same state (Map iterations, earlier loops) succeeded before this
   * failure: evidence that the network path and the configuration worked, so a timeout was transient.
   */
  readonly sameStateSucceeded: number;
  /** For a succeeded execution: the attempts that failed on the way (retried, caught); null when none did. */
  readonly recovered: Recovered | null;
}

/** Failed attempts inside an execution that still succeeded: a flaky job. */
export interface Recovered {
  readonly failures: number;
  /** The last failed attempt, as a root failure of its own (its state, error and cause). */
  readonly last: RootFailure;
}

/** The last redrive of the execution and what had failed before it. */
export interface Redrive {
  /** `redriveCount` of the last ExecutionRedriven event (how many times it was redriven). */
  readonly count: number;
  /** The failure the last redrive restarted from (its state and error), null when the history does not show it. */
  readonly previousState: string | null;
  readonly previousError: string | null;
}

function attemptsOf(events: readonly HistoryEvent[], scopes: EventScopes, index: number) {
  const entry = scopes.openEntry[index] ?? -1;
  if (entry < 0) return { attempt: null, attempts: null };
  let attempt = 0;
  let attempts = 0;
  for (let i = entry; i < events.length; i++) {
    if (scopes.openEntry[i] !== entry) continue;
    if (!((scopes.kinds[i] as number) & EventKind.AttemptStart)) continue;
    attempts++;
    if (i < index) attempt = attempts;
  }
  return attempts === 0 ? { attempt: null, attempts: null } : { attempt: Math.max(attempt, 1), attempts };
}

/** The event that entered the state open at `index` (its name and entry time live there); null outside any state. */
function entryEventOf(
  events: readonly HistoryEvent[],
  scopes: EventScopes,
  index: number,
): HistoryEvent | null {
  const entry = scopes.openEntry[index] ?? -1;
  return entry >= 0 ? (events[entry] ?? null) : null;
}

/** The root failure when a unit of work failed for good at event `i` (its state, path and attempts). */
export function fromLeaf(
  status: ExecutionStatus,
  events: readonly HistoryEvent[],
  scopes: EventScopes,
  i: number,
): RootFailure {
  const event = events[i] ?? null;
  const entered = entryEventOf(events, scopes, i);
  let resourceType = event?.resourceType ?? null;
  let resource = event?.resource ?? null;
  // TaskTimedOut and some failures carry no resource: the TaskScheduled of the same entry does.
  for (let j = i - 1; (resourceType === null || resource === null) && j >= 0; j--) {
    if (scopes.openEntry[j] !== scopes.openEntry[i] || events[j]?.type !== 'TaskScheduled') continue;
    resourceType ??= events[j]?.resourceType ?? null;
    resource ??= events[j]?.resource ?? null;
  }
  return {
    status,
    kind: 'leaf',
    event,
    stateName: entered?.stateName ?? null,
    statePath: statePathOf(events, scopes, i),
    ...attemptsOf(events, scopes, i),
    error: event?.error ?? null,
    cause: event?.cause ?? null,
    resourceType,
    resource,
    enteredAt: entered?.timestamp ?? null,
    failedAt: event?.timestamp ?? null,
    redrive: null,
    sameStateSucceeded: 0,
    recovered: null,
  };
}

/** The root failure when the workflow ended itself in the Fail state entered at event `i`. */
export function fromFailState(
  status: ExecutionStatus,
  events: readonly HistoryEvent[],
  scopes: EventScopes,
  i: number,
  terminal: HistoryEvent | null,
): RootFailure {
  return {
    ...fromExecution(status, events, scopes, i, terminal),
    kind: 'workflow_fail',
    event: events[i] ?? null,
  };
}

/** The root failure of the execution itself (timeout, abort, States.Runtime): the state open at its end. */
export function fromExecution(
  status: ExecutionStatus,
  events: readonly HistoryEvent[],
  scopes: EventScopes,
  i: number,
  terminal: HistoryEvent | null,
): RootFailure {
  // The state still open when the execution ended: the terminal event's predecessor belongs to it.
  const before = scopes.previous[i] ?? -1;
  const at = terminal?.id === events[i]?.id && before >= 0 ? before : i;
  const entered = entryEventOf(events, scopes, at);
  const openState = (scopes.openEntry[at] ?? -1) >= 0;
  return {
    status,
    kind: status === 'running' ? 'none' : 'execution',
    event: terminal,
    stateName: entered?.stateName ?? null,
    statePath: openState ? statePathOf(events, scopes, at) : [],
    ...(openState ? attemptsOf(events, scopes, at) : { attempt: null, attempts: null }),
    error: terminal?.error ?? null,
    cause: terminal?.cause ?? null,
    resourceType: null,
    resource: null,
    enteredAt: entered?.timestamp ?? null,
    failedAt: terminal?.timestamp ?? null,
    redrive: null,
    sameStateSucceeded: 0,
    recovered: null,
  };
}

/** No failure: the execution succeeded (or has not ended). */
export function none(status: ExecutionStatus): RootFailure {
  return {
    status,
    kind: 'none',
    event: null,
    stateName: null,
    statePath: [],
    attempt: null,
    attempts: null,
    error: null,
    cause: null,
    resourceType: null,
    resource: null,
    enteredAt: null,
    failedAt: null,
    redrive: null,
    sameStateSucceeded: 0,
    recovered: null,
  };
}
