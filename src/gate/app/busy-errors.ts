import { TooBusyError } from '../../shared/errors.js';
import type { ScanAdmission } from '../ports.js';

/** The error a refused scan admission becomes: 429 for a user's own bound, 503 for the whole queue's. */
export function scanQueueFullError(admission: Exclude<ScanAdmission, { ok: true }>): TooBusyError {
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
}

/** A user sent uploads faster than their rate allows. */
export function uploadRateError(retryAfterSeconds: number): TooBusyError {
  return new TooBusyError(
    'UPLOAD_RATE_LIMITED',
    `You are sending files faster than the gate takes them; wait ${retryAfterSeconds} s before the next one.`,
    { status: 429, retryAfterSeconds },
  );
}

/** A user has as many uploads in flight as allowed. */
export function tooManyUploadsError(limit: number): TooBusyError {
  return new TooBusyError(
    'UPLOADS_IN_FLIGHT',
    `You already have ${limit} uploads in progress; wait for one to finish before starting another.`,
    { status: 429, retryAfterSeconds: 1 },
  );
}

/** A user has as many live-event streams open as allowed. */
export function tooManyStreamsError(limit: number): TooBusyError {
  return new TooBusyError(
    'EVENT_STREAMS_LIMIT',
    `You already have ${limit} live-event streams open; close a tab or window of this page and try again.`,
    { status: 429, retryAfterSeconds: 5 },
  );
}
