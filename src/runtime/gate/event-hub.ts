import type { ThreadEvents, ThreadListener } from '../../gate/app/thread-events.js';

/** In-process publish/subscribe of thread events (one process serves every SSE connection). */
export interface EventHub extends ThreadEvents {
  /** Open subscriptions, for the metrics. */
  size(): number;
}

/** Creates an empty event hub. */
export function createEventHub(): EventHub {
  const listeners = new Map<string, Set<ThreadListener>>();
  return {
    subscribe(threadId, listener) {
      const set = listeners.get(threadId) ?? new Set();
      set.add(listener);
      listeners.set(threadId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(threadId);
      };
    },
    emit(threadId, event) {
      for (const listener of [...(listeners.get(threadId) ?? [])]) listener(event);
    },
    size() {
      let n = 0;
      for (const set of listeners.values()) n += set.size;
      return n;
    },
  };
}
