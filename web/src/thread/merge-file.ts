import type { FileView } from '../api/types.js';

/**
 * Puts a FileView into the list, replacing the one with the same id. A `scanning` view never
 * overwrites a settled one: the live event can arrive before the upload's own 202 answer does.
 */
export function mergeFile(files: readonly FileView[], incoming: FileView): FileView[] {
  const index = files.findIndex((f) => f.id === incoming.id);
  if (index === -1) return [...files, incoming];
  const current = files[index] as FileView;
  if (incoming.status === 'scanning' && current.status !== 'scanning') return [...files];
  const next = [...files];
  next[index] = { ...current, ...incoming };
  return next;
}
