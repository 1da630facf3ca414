import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionError,
  SekishoError,
  TooBusyError,
} from '../../shared/errors.js';
import type { ScanAdmission } from '../ports.js';

/**
 * The catalogue of the web app's errors: each code with its HTTP status (by its class) and its
 * message, once. Routes and use cases throw `gateErrors.x(…)`; the server maps any error to
 * `{ "error": { "code", "message" } }` in one place (`sendError`).
 */
export const gateErrors = {
  /** 401: no credentials at all. */
  signInRequired: () =>
    new AuthenticationError('UNAUTHENTICATED', 'Sign in: send Authorization: Bearer <token>.'),
  /** 401: a token that is not (or no longer) valid. */
  tokenInvalid: () => new AuthenticationError('UNAUTHENTICATED', 'The token is not valid; sign in again.'),
  /** 403: the user is not a participant of the thread. */
  notParticipant: () => new PermissionError('FORBIDDEN', 'You are not a participant of this thread.'),
  /** 403: only a thread's candidate uploads. */
  notUploader: () =>
    new PermissionError('FORBIDDEN', 'Only the candidate of a thread can upload files to it.'),
  /** 403: an operations action; `what` completes "Only an operator can …". */
  notOperator: (what: string) => new PermissionError('FORBIDDEN', `Only an operator can ${what}.`),
  /** 404: one message whether the thread is missing or hidden. */
  threadNotFound: (id: string) =>
    new NotFoundError('THREAD_NOT_FOUND', `There is no thread ${id}; check the link.`),
  /**
   * 404: a file that does not exist and a file the caller may not see (or read yet) answer the
   * same, so a 404 never tells that a file exists.
   */
  fileNotFound: (id: string) => new NotFoundError('FILE_NOT_FOUND', `There is no file ${id} you can see.`),
  /** 404: no route, asset or page at a path. */
  nothingAt: (path: string) => new NotFoundError('NOT_FOUND', `There is nothing at ${path}.`),
  /** 409: a re-scan before the first scan finished. */
  scanPending: () =>
    new SekishoError('SCAN_PENDING', 'The first scan of this file has not finished yet; try again shortly.', {
      status: 409,
    }),
  /** 400: an upload with no bytes. */
  fileEmpty: () => new InvalidInputError('FILE_EMPTY', 'The file is empty; choose a file with content.'),
  /** 400: a verdict webhook that is signed but not a verdict for a file of its thread. */
  webhookBodyInvalid: (why: string) => new InvalidInputError('WEBHOOK_BODY_INVALID', `The webhook ${why}.`),
  /** 409: a verdict call for a version the verdict table does not hold (never applied). */
  verdictVersionUnknown: (fileId: string, version: number, current: number | null) =>
    new SekishoError(
      'VERDICT_VERSION_UNKNOWN',
      `The verdict table has no version ${version} of file ${fileId} (its current version is ${current ?? 'none'}); the call is refused.`,
      { status: 409 },
    ),
  /** 409: a clean verdict call that is not the clean verdict the table holds for that version. */
  verdictMismatch: (fileId: string, version: number) =>
    new SekishoError(
      'VERDICT_MISMATCH',
      `Version ${version} of file ${fileId} in the verdict table is not this clean verdict; the call is refused.`,
      { status: 409 },
    ),
  /** 429 (this user's share is full) or 503 (the whole queue is), with Retry-After. */
  scanQueueFull: (admission: Exclude<ScanAdmission, { ok: true }>) => {
    const retryAfterSeconds = Math.ceil(admission.retryAfterMs / 1000);
    return admission.scope === 'user'
      ? new TooBusyError(
          'SCAN_QUEUE_USER_FULL',
          `You have too many files waiting to be scanned; wait ${retryAfterSeconds} s for some to finish, then send the next.`,
          { status: 429, retryAfterSeconds },
        )
      : new TooBusyError(
          'SCAN_QUEUE_FULL',
          `The gate is scanning as many files as it can hold; try again in ${retryAfterSeconds} s.`,
          { status: 503, retryAfterSeconds },
        );
  },
  /** 429: the operators' re-scan lane of the scan queue is full, with Retry-After. */
  rescanQueueFull: (retryAfterMs: number) => {
    const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
    return new TooBusyError(
      'SCAN_QUEUE_USER_FULL',
      `Too many re-scans are waiting; wait ${retryAfterSeconds} s for some to finish, then send the next.`,
      { status: 429, retryAfterSeconds },
    );
  },
  /** 429: a user sent uploads faster than their rate allows. */
  uploadRateLimited: (retryAfterSeconds: number) =>
    new TooBusyError(
      'UPLOAD_RATE_LIMITED',
      `You are sending files faster than the gate takes them; wait ${retryAfterSeconds} s before the next one.`,
      { status: 429, retryAfterSeconds },
    ),
  /** 429: a user has as many uploads in flight as allowed. */
  uploadsInFlight: (limit: number) =>
    new TooBusyError(
      'UPLOADS_IN_FLIGHT',
      `You already have ${limit} uploads in progress; wait for one to finish before starting another.`,
      { status: 429, retryAfterSeconds: 1 },
    ),
  /** 429: a user has as many live-event streams open as allowed. */
  eventStreamsLimit: (limit: number) =>
    new TooBusyError(
      'EVENT_STREAMS_LIMIT',
      `You already have ${limit} live-event streams open; close a tab or window of this page and try again.`,
      { status: 429, retryAfterSeconds: 5 },
    ),
} as const;
