/** A byte count as people read it: `812 B`, `12.3 KB`, `4.5 MB` (powers of 1024, one decimal). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/**
 * An upload limit worded exactly as the server words it in UPLOAD_TOO_LARGE (`4 MB`, `1.5 GB`
 * only when whole, `512 KB`), so a refusal reads the same whether the page or the server made it.
 */
export function formatLimit(bytes: number): string {
  const round = (value: number): number => Math.round(value * 10) / 10;
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GB`;
  if (bytes >= 1024 ** 2) return `${round(bytes / 1024 ** 2)} MB`;
  if (bytes >= 1024) return `${round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
