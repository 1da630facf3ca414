import { initErrors } from './init-errors.js';
import type { MessageEntry } from './knowledge-entry.js';
import { pullErrors } from './pull-errors.js';
import { taskErrors } from './task-errors.js';

/**
 * The stopped-task message families in the order they are tried. A family is only tried when its gate
 * matches, so a generic word ("AccessDenied", "not found") is read in the context it belongs to.
 */
const families: readonly { readonly gate: RegExp; readonly entries: readonly MessageEntry[] }[] = [
  // Memory and a missing executable are named inside other families' messages but are the root cause.
  {
    gate: /OutOfMemoryError|Container killed due to memory usage|OOMKilled|executable file not found|exec: "[^"]*": (stat|no such file)/i,
    entries: taskErrors,
  },
  {
    gate: /ResourceInitializationError|unable to pull secrets|registry auth|failed to validate logger|logging driver|env files/i,
    entries: initErrors,
  },
  {
    gate: /CannotPullContainer|pull image|image pull|pull access|ref pull|failed to resolve ref|manifest|toomanyrequests|exec format error/i,
    entries: pullErrors,
  },
  { gate: /./, entries: taskErrors },
];

/** The first knowledge entry whose message family and pattern match the text, or null. */
export function matchMessage(text: string | null): MessageEntry | null {
  if (text === null || text === '') return null;
  for (const family of families) {
    if (!family.gate.test(text)) continue;
    const entry = family.entries.find((candidate) => candidate.pattern.test(text));
    if (entry !== undefined) return entry;
  }
  return null;
}
