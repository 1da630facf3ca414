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
  const fast = parseIsoFast(value);
  if (fast !== null) return fast;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return toEpochMs(Number(trimmed));
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) ? ms : null;
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};
const num = (s: string, from: number, length: number) => {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + digit(s, i);
  return n;
};

/**
 * `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, the form both the CLI and JSON dumps of the SDK print,
 * read digit by digit: a 25,000-event history spends most of its parse time here otherwise. Anything
 * else (or out of range) returns null and goes to Date.parse.
 */
function parseIsoFast(s: string): number | null {
  if (s.length < 20 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':')
    return null;
  let i = 19;
  let ms = 0;
  if (s[i] === '.') {
    let scale = 100;
    for (i++; i < s.length && digit(s, i) >= 0; i++) {
      ms += digit(s, i) * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  let offset = 0;
  if (s[i] === 'Z' && i === s.length - 1) offset = 0;
  else if ((s[i] === '+' || s[i] === '-') && i === s.length - 6 && s[i + 3] === ':')
    offset = (s[i] === '-' ? -1 : 1) * (num(s, i + 1, 2) * 60 + num(s, i + 4, 2)) * 60_000;
  else return null;
  const [year, month, day, hour, minute, second] = [
    num(s, 0, 4),
    num(s, 5, 2),
    num(s, 8, 2),
    num(s, 11, 2),
    num(s, 14, 2),
    num(s, 17, 2),
  ];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59))
    return null;
  const time = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
  return Number.isFinite(time) ? time : null;
}
