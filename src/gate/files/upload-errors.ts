import { InvalidInputError, TooBusyError } from '../../shared/errors.js';

/** The upload body is larger than the configured limit (413); the partial bytes are deleted. */
export class UploadTooLargeError extends InvalidInputError {
  constructor(limitBytes: number) {
    super(
      'UPLOAD_TOO_LARGE',
      `The file is larger than the upload limit of ${formatBytes(limitBytes)}; send a smaller file.`,
      { status: 413 },
    );
  }
}

/**
 * The object store has no space left (ENOSPC on a disk, a quota elsewhere): 503 with Retry-After,
 * the partial bytes deleted. Nothing is recorded, and the next upload succeeds once space is freed
 * (no restart needed).
 */
export class StorageFullError extends TooBusyError {
  constructor(options: { cause?: unknown } = {}) {
    super(
      'STORAGE_FULL',
      'The server has no space left to store files right now; try again in a few minutes.',
      {
        status: 503,
        retryAfterSeconds: 120,
      },
    );
    if (options.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause });
  }
}

/** Human-readable byte counts for messages: `25 MB`, `512 KB`, `3 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024 && bytes % (1024 * 1024 * 1024) === 0) return `${bytes / 1024 ** 3} GB`;
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} B`;
}
