/**
 * Width of the embedded stream's sequence numbers. Zero-padding every number to the same width makes
 * string order equal numeric order, so SQL, `sort()` and people reading them all agree.
 */
export const SEQUENCE_NUMBER_WIDTH = 21;

/** The sequence number for a position in the embedded stream, e.g. `000000000000000000042`. */
export function formatSequenceNumber(position: number | bigint): string {
  return position.toString().padStart(SEQUENCE_NUMBER_WIDTH, '0');
}

/**
 * Compares two decimal sequence numbers as integers, whatever their width: DynamoDB Streams' own
 * numbers are not padded, so plain string comparison would be wrong across lengths. '' sorts first.
 */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}
