import type { Message } from '../../adapters/sqlite/app-store.js';
import type { FileRecord } from '../../gate/files/file-status.js';

/**
 * One live event of a thread. It carries the whole record; the SSE route shapes it for each
 * subscriber (the company sees only published and revoked files, never findings).
 */
export type ThreadEvent =
  | {
      readonly type: 'file.published' | 'file.blocked' | 'file.revoked' | 'file.failed';
      readonly file: FileRecord;
    }
  | { readonly type: 'message.created'; readonly message: Message };

export type ThreadListener = (event: ThreadEvent) => void;

/** In-process publish/subscribe of thread events (one process serves every SSE connection). */
export interface EventHub {
  subscribe(threadId: string, listener: ThreadListener): () => void;
  emit(threadId: string, event: ThreadEvent): void;
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
