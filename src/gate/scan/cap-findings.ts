import type { Finding } from '../verdict.js';

/** Bounds of {@link capFindings}. */
export interface FindingCaps {
  /** Findings kept for each engine and rule; the rest are counted. Default 3. */
  readonly perRule: number;
  /** Findings kept in all, summaries included. Default 40. */
  readonly total: number;
  /** Characters kept of one finding's detail (an entry's path can be 64 KB long). Default 300. */
  readonly detailChars: number;
}

/** The defaults documented on {@link FindingCaps}. */
export const defaultFindingCaps: FindingCaps = Object.freeze({ perRule: 3, total: 40, detailChars: 300 });

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * Keeps a verdict small whatever the file holds: the first `perRule` findings of each engine
 * and rule (with their paths), then one summary per rule that had more ("… and 597 more findings
 * of this rule, 600 in all"), at most `total` findings, each detail clipped. A zip of thousands
 * of programs gives a verdict of a few kilobytes, far below any webhook or item size limit.
 */
export function capFindings(findings: readonly Finding[], caps: FindingCaps = defaultFindingCaps): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.engine}\u0000${f.rule}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [f]);
    else group.push(f);
  }
  const kept: Finding[] = [];
  const summaries: Finding[] = [];
  for (const group of groups.values()) {
    const first = group[0] as Finding;
    for (const f of group.slice(0, caps.perRule))
      kept.push({ ...f, detail: clip(f.detail, caps.detailChars) });
    if (group.length > caps.perRule)
      summaries.push({
        engine: first.engine,
        rule: first.rule,
        detail: `… and ${group.length - caps.perRule} more findings of this rule (${group.length} in all).`,
      });
  }
  // Every rule keeps at least its summary, so the verdict still says everything that was found.
  const room = Math.max(0, caps.total - summaries.length);
  return [...kept.slice(0, room), ...summaries.slice(0, caps.total)];
}
