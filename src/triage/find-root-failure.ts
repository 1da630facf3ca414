import { computeEventScopes, type EventScopes, statePathOf } from './history/event-scopes.js';
import {
  attemptStartTypes,
  leafFailureTypes,
  leafSuccessTypes,
  terminalExecutionTypes,
} from './history/event-types.js';
import type { ExecutionHistory, HistoryEvent } from './history/history-event.js';

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
}

const containerFailures = new Set(['MapStateFailed', 'MapIterationFailed', 'ParallelStateFailed']);

/**
 * Finds the root failure of an execution by walking `previousEventId` back from its terminal event:
 * the first unit of work whose last attempt failed, through Catch handlers, Fail states and the
 * MapIterationFailed / ParallelStateFailed of the containers around it. Linear in the events.
 */
export function findRootFailure(history: ExecutionHistory): RootFailure {
  const { events } = history;
  const scopes = computeEventScopes(events);
  let terminal = -1;
  for (let i = events.length - 1; i >= 0 && terminal < 0; i--)
    if (terminalExecutionTypes.has(events[i]?.type ?? '')) terminal = i;
  const status = (terminal >= 0 ? events[terminal]?.type : 'running') as ExecutionStatus;
  if (status === 'ExecutionSucceeded') return none(status);
  const lastOutcome = lastOutcomeByEntry(events, scopes);
  const isFinal = (i: number) => {
    const entry = scopes.openEntry[i] ?? -1;
    return entry < 0 || lastOutcome.get(entry) === i;
  };
  const start = terminal >= 0 ? terminal : events.length - 1;
  const terminalEvent = events[start] ?? null;
  if (status === 'ExecutionTimedOut' || status === 'ExecutionAborted' || status === 'running')
    return fromExecution(status, events, scopes, start, terminalEvent);

  let failState = -1;
  let container = -1;
  for (let i = scopes.indexOf.get(terminalEvent?.previousEventId ?? 0) ?? -1; i >= 0; ) {
    const event = events[i];
    if (event === undefined) break;
    if (leafFailureTypes.has(event.type) && isFinal(i)) return fromLeaf(status, events, scopes, i);
    if (event.type === 'FailStateEntered' && failState < 0) failState = i;
    if (containerFailures.has(event.type) && container < 0) container = scopes.openEntry[i] ?? -1;
    i = scopes.indexOf.get(event.previousEventId) ?? -1;
  }
  // The chain did not lead to a unit of work: look inside the failed container, then anywhere.
  const finals: number[] = [];
  for (let i = 0; i < start; i++)
    if (leafFailureTypes.has(events[i]?.type ?? '') && isFinal(i)) finals.push(i);
  const inside = container >= 0 ? finals.find((i) => within(scopes, i, container)) : undefined;
  if (inside !== undefined) return fromLeaf(status, events, scopes, inside);
  if (failState >= 0) return fromFailState(status, events, scopes, failState, terminalEvent);
  const sameError = finals.reverse().find((i) => events[i]?.error === terminalEvent?.error);
  if (sameError !== undefined) return fromLeaf(status, events, scopes, sameError);
  return fromExecution(status, events, scopes, start, terminalEvent);
}

function lastOutcomeByEntry(events: readonly HistoryEvent[], scopes: EventScopes): Map<number, number> {
  const last = new Map<number, number>();
  events.forEach((event, i) => {
    const entry = scopes.openEntry[i] ?? -1;
    if (entry >= 0 && (leafFailureTypes.has(event.type) || leafSuccessTypes.has(event.type)))
      last.set(entry, i);
  });
  return last;
}

function within(scopes: EventScopes, index: number, containerEntry: number): boolean {
  for (let frame = scopes.scope[index] ?? null; frame !== null; frame = frame.parent)
    if (frame.containerEntry === containerEntry) return true;
  return false;
}

function attemptsOf(events: readonly HistoryEvent[], scopes: EventScopes, index: number) {
  const entry = scopes.openEntry[index] ?? -1;
  if (entry < 0) return { attempt: null, attempts: null };
  let attempt = 0;
  let attempts = 0;
  for (let i = entry; i < events.length; i++) {
    if (scopes.openEntry[i] !== entry) continue;
    if (!attemptStartTypes.has(events[i]?.type ?? '')) continue;
    attempts++;
    if (i < index) attempt = attempts;
  }
  return attempts === 0 ? { attempt: null, attempts: null } : { attempt: Math.max(attempt, 1), attempts };
}

function stateNameOf(events: readonly HistoryEvent[], scopes: EventScopes, index: number): string | null {
  const entry = scopes.openEntry[index] ?? -1;
  return entry >= 0 ? (events[entry]?.stateName ?? null) : null;
}

function fromLeaf(
  status: ExecutionStatus,
  events: readonly HistoryEvent[],
  scopes: EventScopes,
  i: number,
): RootFailure {
  const event = events[i] ?? null;
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
    stateName: stateNameOf(events, scopes, i),
    statePath: statePathOf(events, scopes, i),
    ...attemptsOf(events, scopes, i),
    error: event?.error ?? null,
    cause: event?.cause ?? null,
    resourceType,
    resource,
    enteredAt: enteredAtOf(events, scopes, i),
    failedAt: event?.timestamp ?? null,
  };
}

function enteredAtOf(events: readonly HistoryEvent[], scopes: EventScopes, index: number): number | null {
  const entry = scopes.openEntry[index] ?? -1;
  return entry >= 0 ? (events[entry]?.timestamp ?? null) : null;
}

function fromFailState(
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

function fromExecution(
  status: ExecutionStatus,
  events: readonly HistoryEvent[],
  scopes: EventScopes,
  i: number,
  terminal: HistoryEvent | null,
): RootFailure {
  // The state still open when the execution ended: the terminal event's predecessor belongs to it.
  const at = terminal?.id === events[i]?.id ? (scopes.indexOf.get(terminal?.previousEventId ?? 0) ?? i) : i;
  const openState = (scopes.openEntry[at] ?? -1) >= 0;
  return {
    status,
    kind: status === 'running' ? 'none' : 'execution',
    event: terminal,
    stateName: openState ? stateNameOf(events, scopes, at) : null,
    statePath: openState ? statePathOf(events, scopes, at) : [],
    ...(openState ? attemptsOf(events, scopes, at) : { attempt: null, attempts: null }),
    error: terminal?.error ?? null,
    cause: terminal?.cause ?? null,
    resourceType: null,
    resource: null,
    enteredAt: openState ? enteredAtOf(events, scopes, at) : null,
    failedAt: terminal?.timestamp ?? null,
  };
}

function none(status: ExecutionStatus): RootFailure {
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
  };
}
