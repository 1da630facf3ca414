import { computeEventScopes, type EventScopes } from './history/event-scopes.js';
import { leafFailureTypes, leafSuccessTypes, terminalExecutionTypes } from './history/event-types.js';
import type { ExecutionHistory, HistoryEvent } from './history/history-event.js';
import {
  type ExecutionStatus,
  fromExecution,
  fromFailState,
  fromLeaf,
  none,
  type RootFailure,
} from './root-failure.js';

export type { ExecutionStatus, RootFailure } from './root-failure.js';

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
  for (let i = scopes.previous[start] ?? -1; i >= 0; ) {
    const event = events[i];
    if (event === undefined) break;
    if (leafFailureTypes.has(event.type) && isFinal(i)) return fromLeaf(status, events, scopes, i);
    if (event.type === 'FailStateEntered' && failState < 0) failState = i;
    if (containerFailures.has(event.type) && container < 0) container = scopes.openEntry[i] ?? -1;
    i = scopes.previous[i] ?? -1;
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
