import type { FileRecord, FileStatus } from '../files/file-status.js';
import type { Verdict } from '../verdict.js';

/** Who a user is in a thread: the job seeker who uploads, the company that reads, or an operator. */
export type Role = 'candidate' | 'company' | 'operator';

export interface User {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

export interface Thread {
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
}

export interface Message {
  readonly id: string;
  readonly threadId: string;
  readonly author: User;
  readonly text: string;
  readonly createdAt: number;
}

/** What applying one verdict webhook did. */
export type ReceiptOutcome = 'published' | 'blocked' | 'failed' | 'revoked' | 'stale' | 'duplicate';

/** A change to a file that applying a verdict wants, computed by the caller inside the transaction. */
export type FileChange =
  | { readonly kind: 'stale' }
  | {
      readonly kind: 'update';
      readonly status: FileStatus;
      readonly version: number;
      readonly verdict: Verdict;
      readonly blockReason: string | null;
      readonly publishedAt: number | null;
    };

/**
 * The web app's store (users, tokens, threads, messages, files, webhook receipts): what the
 * uploads, the verdict receiver and the routes need. SQLite implements it on one machine
 * (`src/adapters/sqlite/app-store.ts`); on AWS it is the web app's own database, not the
 * verdict table. Calls are synchronous: `applyVerdict` runs `decide` inside one transaction.
 */
export interface AppStore {
  createUser(name: string, role: Role): { user: User; token: string };
  /** The user of an API token or of a browser session's token. */
  userByToken(token: string): User | null;
  /**
   * Opens a browser session for `userId`: a token of its own for the cookie, so signing out
   * ({@link revokeSession}) ends it without touching the user's API token.
   */
  createSession(userId: string): string;
  /** Ends a session; true when `token` was one (an API token is never revoked by this). */
  revokeSession(token: string): boolean;
  createThread(title: string, participantIds: readonly string[]): Thread;
  getThread(id: string): Thread | null;
  participants(threadId: string): User[];
  isParticipant(threadId: string, userId: string): boolean;
  threadsOf(userId: string): Thread[];
  addMessage(threadId: string, authorId: string, text: string): Message;
  messages(threadId: string): Message[];
  insertFile(
    file: Omit<FileRecord, 'status' | 'publishedAt' | 'verdictVersion' | 'verdict' | 'blockReason'>,
  ): FileRecord;
  getFile(id: string): FileRecord | null;
  filesOf(threadId: string): FileRecord[];
  /** Every file still waiting for its first verdict, oldest first. */
  filesScanning(): FileRecord[];
  /**
   * Applies a verdict webhook once: in one transaction, a replayed `webhookId` answers
   * `duplicate`; otherwise `decide` sees the current file and returns the change to make.
   */
  applyVerdict(
    webhookId: string,
    fileId: string,
    decide: (file: FileRecord) => FileChange,
  ): { outcome: ReceiptOutcome; file: FileRecord } | null;
  /** Whether a verdict webhook with this id was already applied (a cheap read before costly work). */
  hasReceipt(webhookId: string): boolean;
  /** A consumer's persisted position (e.g. `verdict-poll`: the last applied `writtenAt`); null before the first save. */
  watermark(name: string): number | null;
  setWatermark(name: string, value: number): void;
  /**
   * Deletes webhook receipts received before `before` (epoch ms); returns how many. A replay of a
   * pruned webhook id is applied again, which the version guard on files turns into `stale`.
   */
  pruneReceipts(before: number): number;
  close(): void;
}
