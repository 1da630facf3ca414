import { EventKind, eventKindOf } from './event-kinds.js';
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
  /** The {@link EventKind} bits of each event's type. */
  readonly kinds: Uint16Array;
}

const { Entered, Exited, Map: MapKind, Parallel, MapEntered, ParallelEntered } = EventKind;

/**
 * Follows each event's `previousEventId` to its predecessor and inherits the predecessor's state and
 * nesting, so interleaved Parallel branches and Map iterations stay apart (position alone would mix
 * them). One pass over events sorted by id: a predecessor always has a smaller id.
 */
export function computeEventScopes(events: readonly HistoryEvent[]): EventScopes {
  const n = events.length;
  // Ids are 1..n in practice: a typed array (-1: no such id) then maps them without a Map's allocation.
  const maxId = events[n - 1]?.id ?? 0;
  const table = maxId > n * 2 + 16 ? null : new Int32Array(maxId + 1).fill(-1);
  const map = new Map<number, number>();
  // One pass reads each event object once; the pass after it works on typed arrays only, which keeps a
  // 25,000-event history in cache (a pass over the objects costs about as much as all the work below).
  const kinds = new Uint16Array(n);
  const linked = new Uint8Array(n);
  const previousIds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const event = events[i] as HistoryEvent;
    const type = event.type;
    kinds[i] = eventKindOf(type);
    if (table === null) map.set(event.id, i);
    else table[event.id] = i;
    // Step Functions links every event but the first; without links, the event before stands in.
    linked[i] = event.previousEventId > 0 || type === 'ExecutionStarted' ? 1 : 0;
    previousIds[i] = event.previousEventId;
  }
  const previous = new Int32Array(n).fill(-1);
  const openEntry = new Int32Array(n).fill(-1);
  const scope: (ScopeFrame | null)[] = new Array(n).fill(null);
  const branchCounts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const kind = kinds[i] as number;
    const id = previousIds[i] as number;
    const p = linked[i] ? ((table === null ? map.get(id) : table[id]) ?? -1) : i - 1;
    previous[i] = p;
    const baseOpen = p < 0 || ((kinds[p] as number) & Exited) !== 0 ? -1 : (openEntry[p] as number);
    const baseScope = p >= 0 ? (scope[p] ?? null) : null;
    if (kind & Entered) {
      scope[i] = childScope(p >= 0 ? events[p] : undefined, p, baseScope, openEntry, branchCounts);
      openEntry[i] = i;
      continue;
    }
    // A Map*/Parallel* event outside its container's own entry closes that container (e.g. MapStateFailed).
    const container = kind & MapKind ? 'Map' : kind & Parallel ? 'Parallel' : null;
    const containerEntered = kind & MapKind ? MapEntered : ParallelEntered;
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
  return { openEntry, scope, previous, kinds };
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
