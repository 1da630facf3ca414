import type { FileRecord } from '../files/file-status.js';
import type { Thread, User } from './app-store.js';
import { gateErrors } from './gate-errors.js';
import type { ThreadEvent } from './thread-events.js';

/**
 * Who may see or do what, for every role and file state: the one home of the rule behind "never
 * a leak". The REST routes, the live events, the operations routes and the uploads ask here;
 * `access-policy.test.ts` is the table of every case.
 */

/** A user as the policy sees them: who they are, and whether they take part in the file's thread. */
export interface Viewer {
  readonly user: User;
  readonly participant: boolean;
}

/** What a viewer may do with one file. */
export interface FileAccess {
  /** It appears in the thread, in live events and at `GET /api/files/:id`. */
  readonly see: boolean;
  /** Its bytes may be downloaded (`GET /api/files/:id/content`). */
  readonly download: boolean;
  /** `uploader` also gets the findings and the explanation of a file that was not released. */
  readonly audience: 'uploader' | 'other';
}

/**
 * The uploader sees their file in every state; the other participants (the company) see it only
 * while it is published; nobody outside the thread sees anything. Bytes leave quarantine only
 * while published, for everyone including the uploader.
 */
export function fileAccess(viewer: Viewer, file: FileRecord): FileAccess {
  const uploader = viewer.participant && file.uploaderId === viewer.user.id;
  const published = file.status === 'published';
  const see = viewer.participant && (uploader || published);
  return { see, download: see && published, audience: uploader ? 'uploader' : 'other' };
}

/**
 * Whether a live event of the thread reaches a viewer: messages reach every participant; a file
 * event reaches whoever may see the file now, and the company also hears that a file it saw was
 * revoked, so its page can withdraw it.
 */
export function hearsEvent(viewer: Viewer, event: ThreadEvent): boolean {
  if (!viewer.participant) return false;
  if (event.type === 'message.created') return true;
  return fileAccess(viewer, event.file).see || event.type === 'file.revoked';
}

/** Throws THREAD_NOT_FOUND (404) for a missing thread and FORBIDDEN (403) for a non-participant. */
export function assertThreadMember(threadId: string, thread: Thread | null, participant: boolean): void {
  if (thread === null) throw gateErrors.threadNotFound(threadId);
  if (!participant) throw gateErrors.notParticipant();
}

/** Throws FORBIDDEN (403) unless `user` may upload into a thread they take part in: only its candidate. */
export function assertMayUpload(user: User): void {
  if (user.role !== 'candidate') throw gateErrors.notUploader();
}

/**
 * Whether `user` may use the operations routes (summary, re-scan, dead-letter replay): an
 * operator, or anyone in demo mode (so the demo can show the operations page).
 */
export function mayOperate(user: User, demo: boolean): boolean {
  return user.role === 'operator' || demo;
}
