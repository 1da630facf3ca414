/** The shapes of `docs/http-api.md`, as the page reads them. The server is the source of truth. */

export type Role = 'candidate' | 'company' | 'operator';

export interface User {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

export type FileStatus = 'scanning' | 'published' | 'blocked' | 'failed' | 'revoked';

/** Uploader-facing words for a blocked or failed file, in one language. */
export interface Explanation {
  readonly reason: string;
  readonly nextStep: string;
}

export interface FileView {
  readonly id: string;
  readonly threadId: string;
  readonly name: string;
  readonly size: number;
  readonly type: string | null;
  /** Of the stored bytes; its first characters tell two files of the same name apart. */
  readonly sha256: string;
  readonly status: FileStatus;
  readonly createdAt: number;
  readonly publishedAt?: number | null;
  readonly explanation?: { readonly en: Explanation; readonly ja: Explanation } | null;
  /** The caller uploaded it: the page shows a file that is `mine` or published (the server's rule). */
  readonly mine: boolean;
}

export interface Message {
  readonly id: string;
  readonly threadId: string;
  readonly author: User;
  readonly text: string;
  readonly createdAt: number;
}

export interface Thread {
  readonly id: string;
  readonly title: string;
  readonly participants: readonly User[];
  readonly messages: readonly Message[];
  readonly files: readonly FileView[];
}

export interface Me {
  readonly user: User;
  readonly threads: readonly { readonly id: string; readonly title: string }[];
  /** The server's upload limit, so the page refuses a larger file before sending it; null when unknown. */
  readonly maxUploadBytes?: number | null;
}

export interface DeadLetter {
  readonly id: string;
  readonly failedAt: number;
  readonly reason: string;
  readonly attempts: number;
  readonly fileIds: readonly string[];
}

export interface OpsSummary {
  readonly uploads: readonly { readonly t: number; readonly count: number }[];
  readonly verdicts: readonly {
    readonly t: number;
    readonly clean: number;
    readonly infected: number;
    readonly rejected: number;
    readonly error: number;
  }[];
  readonly latency: {
    readonly uploadToPublished: {
      readonly buckets: readonly { readonly le: number | string; readonly count: number }[];
      readonly p50: number | null;
      readonly p99: number | null;
    };
  };
  readonly streamLagMs: number | null;
  readonly deadLetters: readonly DeadLetter[];
  readonly engines: readonly {
    readonly engine: string;
    readonly version: string;
    /** Whether the engine answers (clamd is checked; the built-in engine runs in the server). */
    readonly up?: boolean;
    /** Why it does not answer, when down. */
    readonly problem?: string | null;
  }[];
  readonly release: 'stream' | 'poll';
  /** The fair scan queue on one machine; null where the queue is elsewhere (SQS on AWS). */
  readonly scanQueue?: ScanQueueSummary | null;
}

/** The scan queue now, as `GET /api/ops/summary` gives it. */
export interface ScanQueueSummary {
  readonly queued: number;
  readonly running: number;
  readonly reserved: number;
  readonly oldestWaitMs: number;
  readonly concurrency: number;
  readonly maxQueued: number;
  readonly maxQueuedPerUser: number;
  /** The lanes with the most scans waiting, most first: a user, the operators' re-scans, or a thread. */
  readonly topWaiting: readonly {
    readonly owner: string;
    readonly kind: 'user' | 'operator' | 'thread';
    readonly queued: number;
    readonly running: number;
    readonly oldestWaitMs: number;
  }[];
  /** Queue wait of the scans started in the last hour. */
  readonly waitMs: { readonly p50: number | null; readonly p99: number | null };
}
