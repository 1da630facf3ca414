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

/**
 * The two ASCII digits at `i` and `i + 1` as a number, or -1 when either is not a digit: a small integer
 * always, never NaN (the per-digit reader before it returned NaN), and small enough for V8 to inline.
 */
function twoDigits(s: string, i: number): number {
  const high = s.charCodeAt(i) - 48;
  const low = s.charCodeAt(i + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/**
 * Days from 1970-01-01 to the first of `month` (1-12) of `year`, in the proleptic Gregorian calendar
 * that Date.UTC uses; integer arithmetic only, so `days * 86,400,000 + ...` equals Date.UTC exactly.
 */
function daysToMonth(year: number, month: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5);
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, the form both the CLI and JSON dumps of the SDK print,
 * read digit by digit without allocating: a 25,000-event history spends most of its parse time here
 * otherwise (Date.UTC and a temporary array per event). Anything else (or out of range) returns null and
 * goes to Date.parse. A day past the month's end rolls over as in Date.UTC.
 */
function parseIsoFast(s: string): number | null {
  if (
    s.length < 20 ||
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 || // T
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58
  )
    return null;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // .
    let scale = 100;
    for (i++; i < s.length; i++) {
      const d = s.charCodeAt(i) - 48;
      if (!(d >= 0 && d <= 9)) break;
      ms += d * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  let offset = 0;
  const sign = s.charCodeAt(i);
  if (sign === 90 && i === s.length - 1)
    offset = 0; // Z
  else if ((sign === 43 || sign === 45) && i === s.length - 6 && s.charCodeAt(i + 3) === 58) {
    const hours = twoDigits(s, i + 1);
    const minutes = twoDigits(s, i + 4);
    if (hours < 0 || minutes < 0) return null;
    offset = (sign === 45 ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  } else return null;
  const century = twoDigits(s, 0);
  const yearOfCentury = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  // A non-digit anywhere (-1) is no time here, as Date.UTC's NaN was.
  if (century < 0 || yearOfCentury < 0 || minute < 0 || second < 0 || hour < 0) return null;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59))
    return null;
  const year = century * 100 + yearOfCentury;
  // Date.UTC reads years 0-99 as 1900-1999; those keep to it.
  if (year < 100) {
    const time = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
    return Number.isFinite(time) ? time : null;
  }
  const days = daysToMonth(year, month) + day - 1;
  const time = days * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset;
  return Number.isFinite(time) ? time : null;
}
