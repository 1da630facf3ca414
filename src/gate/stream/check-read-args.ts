import { InvalidInputError } from '../../shared/errors.js';

/** What every change stream and poll source refuses: a page size that is not a positive integer. */
export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidInputError('LIMIT_INVALID', `limit must be a positive integer; got ${limit}.`);
}

/** What every change stream refuses as a position: anything but decimal digits ('' is the start). */
export function checkSequenceNumber(afterSequence: string): void {
  if (!/^\d*$/.test(afterSequence))
    throw new InvalidInputError(
      'SEQUENCE_NUMBER_INVALID',
      `"${afterSequence}" is not a sequence number (decimal digits).`,
    );
}
