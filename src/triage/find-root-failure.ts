import { EventKind } from './history/event-kinds.js';
import { computeEventScopes, type EventScopes } from './history/event-scopes.js';
import type { ExecutionHistory, HistoryEvent } from './history/history-event.js';
import {
  type ExecutionStatus,
  fromExecution,
  fromFailState,
  fromLeaf,
  none,
  type RootFailure,
} from './root-failure.js';

export type { ExecutionStatus, Recovered, Redrive, RootFailure } from './root-failure.js';

const containerFailures = new Set(['MapStateFailed', 'MapIterationFailed', 'ParallelStateFailed']);

/**
 * Finds the root failure of an execution by walking `previousEventId` back from its terminal event:
 * the first unit of work whose last attempt failed, through Catch handlers, Fail states and the
 * MapIterationFailed / ParallelStateFailed of the containers around it. A redrive appends to the same
 * history (… ExecutionFailed, ExecutionRedriven, the failed state again, …), so only the events after
 * the last ExecutionRedriven decide the outcome; the failure it restarted from is kept in `redrive`.
 * Linear in the events.
 */
export function findRootFailure(history: ExecutionHistory): RootFailure {
  const { events } = history;
  const scopes = computeEventScopes(events);
  const lastOutcome = lastOutcomeByEntry(events, scopes);
  const { terminal, redriven } = lastRun(scopes.kinds, events.length - 1);
  const found = rootAfter(events, scopes, lastOutcome, terminal, redriven, events.length - 1);
  const root: RootFailure = {
    ...found,
    sameStateSucceeded: sameStateSucceeded(events, scopes.kinds, lastOutcome, found),
    recovered: found.status === 'ExecutionSucceeded' ? recoveredOf(events, scopes, redriven) : null,
  };
  if (redriven < 0) return root;
  // What the last redrive restarted from: the run that ended before it (its own redrive, if any, bounds it).
  const before = lastRun(scopes.kinds, redriven - 1);
  const previous =
    before.terminal >= 0
      ? rootAfter(events, scopes, lastOutcome, before.terminal, before.redriven, redriven - 1)
      : null;
  return {
    ...root,
    redrive: {
      count: redriveCountOf(events, scopes.kinds, redriven),
      previousState: previous?.stateName ?? null,
      previousError: previous?.error ?? null,
    },
  };
}

/** The last terminal event at or before `last` and the ExecutionRedriven before it (-1 when none). */
function lastRun(kinds: Uint16Array, last: number): { terminal: number; redriven: number } {
  let terminal = -1;
  let i = last;
  for (; i >= 0; i--) {
    const kind = kinds[i] as number;
    if (kind & EventKind.Redriven) break;
    if (kind & EventKind.Terminal) {
      terminal = i;
      break;
    }
  }
  while (i >= 0 && !((kinds[i] as number) & EventKind.Redriven)) i--;
  return { terminal, redriven: i };
}

/** `redriveCount` of the ExecutionRedriven event; the number of such events when its details lack it. */
function redriveCountOf(events: readonly HistoryEvent[], kinds: Uint16Array, redriven: number): number {
  const count = events[redriven]?.details?.redriveCount;
  if (typeof count === 'number' && Number.isInteger(count) && count > 0) return count;
  let n = 0;
  for (let i = 0; i <= redriven; i++) if ((kinds[i] as number) & EventKind.Redriven) n++;
  return n;
}

/**
 * The root failure of the run between the ExecutionRedriven at `floor` (-1: the start) and `terminal`
 * (-1: it has not ended; `last` is then its last event). Failures at or before `floor` belong to an
 * earlier run: the walk stops at the boundary even when a `previousEventId` crosses it (a redriven Map
 * iteration links back to its Map state), and the fallback looks only after it.
 */
function rootAfter(
  events: readonly HistoryEvent[],
  scopes: EventScopes,
  lastOutcome: Int32Array,
  terminal: number,
  floor: number,
  last: number,
): RootFailure {
  const status = (terminal >= 0 ? events[terminal]?.type : 'running') as ExecutionStatus;
  if (status === 'ExecutionSucceeded') return none(status);
  // Redriven a moment ago: nothing has run since, and the state it restarts is not open yet.
  if (status === 'running' && last === floor) return none(status);
  const isFinal = (i: number) => {
    const entry = scopes.openEntry[i] ?? -1;
    return entry < 0 || lastOutcome[entry] === i;
  };
  const start = terminal >= 0 ? terminal : last;
  const terminalEvent = events[start] ?? null;
  if (status === 'ExecutionTimedOut' || status === 'ExecutionAborted' || status === 'running')
    return fromExecution(status, events, scopes, start, terminalEvent);

  let failState = -1;
  let container = -1;
  for (let i = scopes.previous[start] ?? -1; i > floor; ) {
    const event = events[i];
    if (event === undefined) break;
    if (isLeafFailure(scopes, i) && isFinal(i)) return fromLeaf(status, events, scopes, i);
    if (event.type === 'FailStateEntered' && failState < 0) failState = i;
    if (containerFailures.has(event.type) && container < 0) container = scopes.openEntry[i] ?? -1;
    i = scopes.previous[i] ?? -1;
  }
  // The chain did not lead to a unit of work: look inside the failed container, then anywhere in this run.
  const finals: number[] = [];
  for (let i = floor + 1; i < start; i++) if (isLeafFailure(scopes, i) && isFinal(i)) finals.push(i);
  const inside = container >= 0 ? finals.find((i) => within(scopes, i, container)) : undefined;
  if (inside !== undefined) return fromLeaf(status, events, scopes, inside);
  if (failState >= 0) return fromFailState(status, events, scopes, failState, terminalEvent);
  const sameError = finals.reverse().find((i) => events[i]?.error === terminalEvent?.error);
  if (sameError !== undefined) return fromLeaf(status, events, scopes, sameError);
  return fromExecution(status, events, scopes, start, terminalEvent);
}

/** Runs of the failed state (by name) whose last outcome was a success before the failure. */
function sameStateSucceeded(
  events: readonly HistoryEvent[],
  kinds: Uint16Array,
  lastOutcome: Int32Array,
  root: RootFailure,
): number {
  if (root.stateName === null || root.event === null) return 0;
  let count = 0;
  for (let entry = 0; entry < lastOutcome.length; entry++) {
    const outcome = lastOutcome[entry] as number;
    if (outcome < 0) continue;
    const done = events[outcome];
    if (
      done === undefined ||
      !((kinds[outcome] as number) & EventKind.LeafSuccess) ||
      done.id >= root.event.id
    )
      continue;
    if (events[entry]?.stateName === root.stateName) count++;
  }
  return count;
}

/** The failed attempts of a succeeded run (after the last redrive): how many, and the last one. */
function recoveredOf(
  events: readonly HistoryEvent[],
  scopes: EventScopes,
  floor: number,
): RootFailure['recovered'] {
  let failures = 0;
  let last = -1;
  for (let i = floor + 1; i < events.length; i++)
    if (isLeafFailure(scopes, i)) {
      failures++;
      last = i;
    }
  return last < 0 ? null : { failures, last: fromLeaf('ExecutionFailed', events, scopes, last) };
}

/** Per state entry (by index): the index of its last attempt's outcome, or -1. A typed array: no Map of 25,000. */
function lastOutcomeByEntry(events: readonly HistoryEvent[], scopes: EventScopes): Int32Array {
  const last = new Int32Array(events.length).fill(-1);
  const outcome = EventKind.LeafFailure | EventKind.LeafSuccess;
  for (let i = 0; i < events.length; i++) {
    const entry = scopes.openEntry[i] as number;
    if (entry >= 0 && (scopes.kinds[i] as number) & outcome) last[entry] = i;
  }
  return last;
}

const isLeafFailure = (scopes: EventScopes, i: number) =>
  ((scopes.kinds[i] ?? 0) & EventKind.LeafFailure) !== 0;

function within(scopes: EventScopes, index: number, containerEntry: number): boolean {
  for (let frame = scopes.scope[index] ?? null; frame !== null; frame = frame.parent)
    if (frame.containerEntry === containerEntry) return true;
  return false;
}
