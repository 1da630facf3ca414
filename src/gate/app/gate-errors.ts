import {
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  PermissionError,
  SekishoError,
} from '../../shared/errors.js';

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
} as const;
