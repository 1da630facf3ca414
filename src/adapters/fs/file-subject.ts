import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { StoredSubject } from '../../gate/ports.js';
import { InvalidInputError } from '../../shared/errors.js';
import { hashFile } from './hash-file.js';
import { pathSubject } from './path-subject.js';

/** Turns a filesystem error on `path` into a message that says what to do. */
function fileError(path: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    throw new InvalidInputError('FILE_NOT_FOUND', `No such file: ${path}. Check the path.`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM')
    throw new InvalidInputError('FILE_UNREADABLE', `Cannot read ${path}: permission denied.`, {
      cause: error,
    });
  if (code === 'EISDIR')
    throw new InvalidInputError('FILE_IS_DIRECTORY', `${path} is a directory; give the files inside it.`, {
      cause: error,
    });
  throw error;
}

/**
 * A local file as a {@link ScanSubject}. Reads it once to compute its sha256 in a worker thread
 * ({@link hashFile}: off the event loop, memory flat for any size), then streams or reads ranges on demand through {@link pathSubject}.
 * `displayName` defaults to the file's base name.
 *
 * @throws InvalidInputError `FILE_NOT_FOUND`, `FILE_UNREADABLE` or `FILE_IS_DIRECTORY`.
 */
export async function fileSubject(path: string, displayName?: string): Promise<StoredSubject> {
  const info = await stat(path).catch((error: unknown) => fileError(path, error));
  if (info.isDirectory()) fileError(path, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
  const sha256 = await hashFile(path).catch((error: unknown) => fileError(path, error));
  return pathSubject(path, { displayName: displayName ?? basename(path), size: info.size, sha256 });
}
