import {
  attemptStartTypes,
  knownEventTypes,
  leafFailureTypes,
  leafSuccessTypes,
  terminalExecutionTypes,
} from './event-types.js';

/**
 * What the root-cause finder asks of an event's type, as bits. Worked out once per event (one Map lookup
 * for a documented type) instead of a string test or Set lookup per question per event: the finder asks
 * several over all 25,000 events of a large history.
 */
export const EventKind = {
  /** `*StateEntered`. */
  Entered: 1,
  /** `*StateExited`, or a Task/Wait/Choice/Pass state aborted: the state is closed after it. */
  Exited: 2,
  /** `Map*` or `Parallel*` other than the state's entry (MapIterationStarted, MapStateFailed...). */
  Map: 4,
  Parallel: 8,
  MapEntered: 16,
  ParallelEntered: 32,
  /** {@link leafFailureTypes}, {@link leafSuccessTypes}, {@link attemptStartTypes}, {@link terminalExecutionTypes}. */
  LeafFailure: 64,
  LeafSuccess: 128,
  AttemptStart: 256,
  Terminal: 512,
  Redriven: 1024,
} as const;

function kindOf(type: string): number {
  const sets =
    (leafFailureTypes.has(type) ? EventKind.LeafFailure : 0) |
    (leafSuccessTypes.has(type) ? EventKind.LeafSuccess : 0) |
    (attemptStartTypes.has(type) ? EventKind.AttemptStart : 0) |
    (terminalExecutionTypes.has(type) ? EventKind.Terminal : 0) |
    (type === 'ExecutionRedriven' ? EventKind.Redriven : 0);
  if (type.endsWith('StateEntered'))
    return (
      sets |
      EventKind.Entered |
      (type === 'MapStateEntered' ? EventKind.MapEntered : 0) |
      (type === 'ParallelStateEntered' ? EventKind.ParallelEntered : 0)
    );
  const exited = type.endsWith('StateExited') || /^(Task|Wait|Choice|Pass)StateAborted$/.test(type);
  return (
    sets |
    (exited ? EventKind.Exited : 0) |
    (type.startsWith('Map') ? EventKind.Map : 0) |
    (type.startsWith('Parallel') ? EventKind.Parallel : 0)
  );
}

/** The kinds of the documented types; a type AWS adds later is worked out each time it appears. */
const knownKinds: ReadonlyMap<string, number> = new Map(
  [...knownEventTypes].map((type) => [type, kindOf(type)]),
);

/** The {@link EventKind} bits of an event type. */
export function eventKindOf(type: string): number {
  return knownKinds.get(type) ?? kindOf(type);
}
