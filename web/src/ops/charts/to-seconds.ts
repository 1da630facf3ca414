/** uPlot's time scale counts seconds; the API's bucket times are epoch milliseconds (seconds pass through). */
export function toSeconds(t: number): number {
  return t > 1e11 ? t / 1000 : t;
}
