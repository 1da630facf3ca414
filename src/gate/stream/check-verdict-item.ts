import { InvalidInputError } from '../../shared/errors.js';
import type { VerdictItem } from '../stream-record.js';

/**
 * What every verdict store refuses before it writes (the contract suite checks both adapters):
 * an item without a file id, or whose version is not a positive safe integer (the version guard
 * compares versions, so a fractional or unsafe one would break "newer wins").
 */
export function checkVerdictItem(item: VerdictItem): void {
  if (typeof item.fileId !== 'string' || item.fileId === '')
    throw new InvalidInputError('VERDICT_ITEM_INVALID', 'A verdict item needs a non-empty fileId.');
  if (!Number.isSafeInteger(item.version) || item.version < 1)
    throw new InvalidInputError(
      'VERDICT_ITEM_INVALID',
      `version must be a positive integer; got ${item.version}.`,
    );
}
