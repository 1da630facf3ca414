import { SekishoError } from '../../shared/errors.js';

/**
 * One line about an error for a human, without the stack: our own errors by their message (it already
 * says what happened), others as `Name: message` (an SDK error's name, such as `AccessDeniedException`,
 * is often the most useful part).
 */
export function describeError(error: unknown): string {
  if (error instanceof SekishoError) return error.message;
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
