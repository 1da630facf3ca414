/** Epoch seconds stop being plausible here (year 5138); anything larger is milliseconds. */
const SECONDS_LIMIT = 1e11;

/**
 * Converts a history timestamp to epoch milliseconds: an ISO-8601 string (any offset), epoch seconds
 * (the AWS CLI with `cli_timestamp_format = none`, possibly fractional), epoch milliseconds, or a Date
 * (the SDK). Returns null when the value cannot be read as a time.
 */
export function toEpochMs(value: string | number | Date): number | null {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? ms : null;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    return value < SECONDS_LIMIT ? Math.round(value * 1000) : Math.round(value);
  }
  // ISO strings (always with a '-', which epoch strings never have) are the common case: parse them first.
  const ms = Date.parse(value);
  if (Number.isFinite(ms) && value.includes('-')) return ms;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return toEpochMs(Number(trimmed));
  return null;
}
