import { knownEventTypes } from './event-types.js';
import type { HistoryEvent } from './history-event.js';

/** One level of nesting: a Parallel branch or a Map iteration, inside its container state's entry. */
export interface ScopeFrame {
  readonly parent: ScopeFrame | null;
  readonly kind: 'Map' | 'Parallel';
  /** Index (in the events array) of the container's MapStateEntered / ParallelStateEntered. */
  readonly containerEntry: number;
  readonly label: string;
}

/** Per event (same index as the events): the state entry it belongs to and the nesting it sits in. */
export interface EventScopes {
  /** Index of the *StateEntered event the event belongs to, or -1 outside any state. */
  readonly openEntry: Int32Array;
  readonly scope: readonly (ScopeFrame | null)[];
  /**
   * Index of each event's predecessor, or -1. Step Functions always links events; a history stripped of
   * `previousEventId` (by a tool, not by AWS) falls back to the event before it, so states still show.
   */
  readonly previous: Int32Array;
  /** Index of an event by its id. */
  readonly indexOf: { get(id: number): number | undefined };
}

// What the scopes need to know of a type, as bits: worked out once per type, not per event.
const ENTERED = 1;
const EXITED = 2;
const MAP = 4;
const PARALLEL = 8;
const MAP_ENTERED = 16;
const PARALLEL_ENTERED = 32;

function kindOf(type: string): number {
  if (type.endsWith('StateEntered'))
    return (
      ENTERED |
      (type === 'MapStateEntered' ? MAP_ENTERED : 0) |
      (type === 'ParallelStateEntered' ? PARALLEL_ENTERED : 0)
    );
  const exited = type.endsWith('StateExited') || /^(Task|Wait|Choice|Pass)StateAborted$/.test(type);
  return (
    (exited ? EXITED : 0) | (type.startsWith('Map') ? MAP : 0) | (type.startsWith('Parallel') ? PARALLEL : 0)
  );
}

/** The kinds of the documented types, read by a Map lookup; a type AWS adds later is worked out each time. */
const knownKinds: ReadonlyMap<string, number> = new Map(
  [...knownEventTypes].map((type) => [type, kindOf(type)]),
);

/**
 * Follows each event's `previousEventId` to its predecessor and inherits the predecessor's state and
 * nesting, so interleaved Parallel branches and Map iterations stay apart (position alone would mix
 * them). One pass over events sorted by id: a predecessor always has a smaller id.
 */
export function computeEventScopes(events: readonly HistoryEvent[]): EventScopes {
  const n = events.length;
  const indexOf = indexById(events);
  const previous = new Int32Array(n).fill(-1);
  const openEntry = new Int32Array(n).fill(-1);
  const kinds = new Uint8Array(n);
  const scope: (ScopeFrame | null)[] = new Array(n).fill(null);
  const branchCounts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const event = events[i] as HistoryEvent;
    const kind = knownKinds.get(event.type) ?? kindOf(event.type);
    kinds[i] = kind;
    const linked = event.previousEventId > 0 || event.type === 'ExecutionStarted';
    const p = linked ? (indexOf.get(event.previousEventId) ?? -1) : i - 1;
    previous[i] = p;
    // A predecessor later in the list (a malformed link) has no entry yet: -1 either way.
    const baseOpen = p < 0 || ((kinds[p] as number) & EXITED) !== 0 ? -1 : (openEntry[p] as number);
    const baseScope = p >= 0 ? (scope[p] ?? null) : null;
    if (kind & ENTERED) {
      scope[i] = childScope(p >= 0 ? events[p] : undefined, p, baseScope, openEntry, branchCounts);
      openEntry[i] = i;
      continue;
    }
    // A Map*/Parallel* event outside its container's own entry closes that container (e.g. MapStateFailed).
    const container = kind & MAP ? 'Map' : kind & PARALLEL ? 'Parallel' : null;
    const containerEntered = kind & MAP ? MAP_ENTERED : PARALLEL_ENTERED;
    if (container !== null && !(baseOpen >= 0 && ((kinds[baseOpen] as number) & containerEntered) !== 0)) {
      let frame = baseScope;
      while (frame !== null && frame.kind !== container) frame = frame.parent;
      if (frame !== null) {
        openEntry[i] = frame.containerEntry;
        scope[i] = frame.parent;
        continue;
      }
    }
    // An exit belongs to the entry it closes; the event after it starts outside (see baseOpen).
    openEntry[i] = baseOpen;
    scope[i] = baseScope;
  }
  return { openEntry, scope, previous, indexOf };
}

/** Ids are 1..n in practice: a typed array then maps them without a Map's allocation; else a Map. */
function indexById(events: readonly HistoryEvent[]): { get(id: number): number | undefined } {
  const maxId = events[events.length - 1]?.id ?? 0;
  if (maxId > events.length * 2 + 16) {
    const map = new Map<number, number>();
    events.forEach((event, i) => {
      map.set(event.id, i);
    });
    return map;
  }
  const table = new Int32Array(maxId + 1).fill(-1);
  events.forEach((event, i) => {
    table[event.id] = i;
  });
  return { get: (id) => ((table[id] ?? -1) >= 0 ? table[id] : undefined) };
}

function childScope(
  prev: HistoryEvent | undefined,
  p: number,
  baseScope: ScopeFrame | null,
  openEntry: Int32Array,
  branchCounts: Map<number, number>,
): ScopeFrame | null {
  if (prev?.type === 'ParallelStateStarted') {
    const n = (branchCounts.get(p) ?? 0) + 1;
    branchCounts.set(p, n);
    return { parent: baseScope, kind: 'Parallel', containerEntry: openEntry[p] ?? -1, label: `branch ${n}` };
  }
  if (prev?.type === 'MapIterationStarted') {
    const label = `iteration ${prev.iterationIndex ?? '?'}`;
    return { parent: baseScope, kind: 'Map', containerEntry: openEntry[p] ?? -1, label };
  }
  return baseScope;
}

/** The path to an event's state, e.g. ['Map ProcessFiles', 'iteration 3', 'RunBatch']. */
export function statePathOf(events: readonly HistoryEvent[], scopes: EventScopes, index: number): string[] {
  const path: string[] = [];
  for (let frame = scopes.scope[index] ?? null; frame !== null; frame = frame.parent) {
    path.unshift(frame.label);
    path.unshift(`${frame.kind} ${events[frame.containerEntry]?.stateName ?? '?'}`);
  }
  const entry = scopes.openEntry[index] ?? -1;
  const name = entry >= 0 ? events[entry]?.stateName : null;
  if (name) path.push(name);
  return path;
}
