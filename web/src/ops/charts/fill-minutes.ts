const MINUTE = 60_000;

/**
 * The API lists only the minutes that had something in them; a chart needs every minute of the
 * hour, or a line would jump straight across the quiet ones. Returns 60 rows ending at `now`'s
 * minute, with `empty` where the API had nothing.
 */
export function fillMinutes<T extends { readonly t: number }>(
  rows: readonly T[],
  now: number,
  empty: Omit<T, 't'>,
): T[] {
  const byMinute = new Map(rows.map((row) => [Math.floor(row.t / MINUTE) * MINUTE, row]));
  const last = Math.floor(now / MINUTE) * MINUTE;
  const filled: T[] = [];
  for (let t = last - 59 * MINUTE; t <= last; t += MINUTE)
    filled.push(byMinute.get(t) ?? ({ ...empty, t } as unknown as T));
  return filled;
}
