import type { FileRecord } from '../files/file-status.js';
import type { Message } from './app-store.js';

/**
 * One live event of a thread. It carries the whole record; the live-events route shapes it for
 * each subscriber through the access policy (the company sees only published and revoked files,
 * never findings).
 */
export type ThreadEvent =
  | {
      readonly type: 'file.published' | 'file.blocked' | 'file.revoked' | 'file.failed';
      readonly file: FileRecord;
    }
  | { readonly type: 'message.created'; readonly message: Message };

export type ThreadListener = (event: ThreadEvent) => void;

/**
 * Publish/subscribe of thread events: in process on one machine (one process serves every SSE
 * connection); on AWS, whatever fans events out to the web servers.
 */
export interface ThreadEvents {
  subscribe(threadId: string, listener: ThreadListener): () => void;
  emit(threadId: string, event: ThreadEvent): void;
}
