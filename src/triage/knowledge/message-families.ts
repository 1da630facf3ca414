import { initErrors } from './init-errors.js';
import type { MessageEntry } from './knowledge-entry.js';
import { pullErrors } from './pull-errors.js';
import { startErrors } from './start-errors.js';
import { taskErrors } from './task-errors.js';

/** One family of stopped-task messages: tried only when its gate matches, its entries most specific first. */
export interface MessageFamily {
  readonly name: string;
  readonly gate: RegExp;
  readonly entries: readonly MessageEntry[];
}

const oom = taskErrors.filter((entry) => entry.id === 'task.out-of-memory');

/**
 * The stopped-task message families in the order they are tried. A family is only tried when its gate
 * matches, so a generic word ("AccessDenied", "not found") is read in the context it belongs to; inside
 * a family the first (most specific) matching entry wins. The order of families is itself specificity:
 * memory and the container start name the root cause even inside a ResourceInitializationError
 * ("CannotStartContainerError: ResourceInitializationError: … executable file not found").
 */
export const messageFamilies: readonly MessageFamily[] = [
  { name: 'memory', gate: /OutOfMemoryError|Container killed due to memory usage|OOMKilled/i, entries: oom },
  {
    name: 'start',
    gate: /CannotStartContainerError|OCI runtime|exec format error|executable file not found|exec user process|exec: "|port is already allocated/i,
    entries: startErrors,
  },
  {
    name: 'init',
    gate: /ResourceInitializationError|unable to pull secrets|registry auth|failed to (validate logger|initialize logging)|env files|failed to fetch secret/i,
    entries: initErrors,
  },
  {
    name: 'pull',
    gate: /CannotPullContainer|pull image|image pull|pull access|ref pull|failed to resolve ref|manifest|toomanyrequests|pull rate limit|GetImageBlob/i,
    entries: pullErrors,
  },
  { name: 'task', gate: /./, entries: taskErrors },
];

/** The first knowledge entry whose message family and pattern match the text, or null. */
export function matchMessage(text: string | null): MessageEntry | null {
  if (text === null || text === '') return null;
  for (const family of messageFamilies) {
    if (!family.gate.test(text)) continue;
    const entry = family.entries.find((candidate) => candidate.pattern.test(text));
    if (entry !== undefined) return entry;
  }
  return null;
}
