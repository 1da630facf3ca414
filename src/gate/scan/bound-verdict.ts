import type { Finding, Verdict } from '../verdict.js';

/**
 * The largest verdict, in bytes of JSON, that is written to the verdict table and sent in a
 * webhook: far below DynamoDB's 400 KB item limit and the receiver's 256 KiB body limit, so a
 * verdict can always be stored and delivered whatever the scanned file held.
 */
export const MAX_VERDICT_BYTES = 32 * 1024;
/** Findings kept in full when a verdict is summarised. */
export const SUMMARY_FINDINGS = 5;
/** Characters kept of one finding's detail (an archive entry's path can be very long). */
const MAX_DETAIL_CHARS = 500;

const size = (verdict: Verdict): number => Buffer.byteLength(JSON.stringify(verdict));

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** `rule ×count` for each rule, most frequent first. */
function countsPerRule(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([, a], [, b]) => b - a)
    .map(([rule, n]) => `${clip(rule, 80)} ×${n}`)
    .join(', ');
}

/**
 * Keeps a verdict under `maxBytes`: one that fits is returned as it is; otherwise its first
 * {@link SUMMARY_FINDINGS} findings are kept (details clipped) and a `findings-summarised` finding
 * gives the count per rule. The kind never becomes more permissive: a verdict that still does not
 * fit (thousands of distinct rules) becomes `error`, which withholds the file with a reason.
 * The scan core caps findings itself; this is the safety net at the boundary where verdicts are
 * written, so no engine can make a verdict that cannot be stored or delivered.
 */
export function boundVerdict(verdict: Verdict, maxBytes = MAX_VERDICT_BYTES): Verdict {
  if (size(verdict) <= maxBytes) return verdict;
  const kept = verdict.findings.slice(0, SUMMARY_FINDINGS).map((f) => ({
    engine: clip(f.engine, 80),
    rule: clip(f.rule, 80),
    detail: clip(f.detail, MAX_DETAIL_CHARS),
  }));
  const summary: Finding = {
    engine: 'sekisho',
    rule: 'findings-summarised',
    detail: clip(
      `${verdict.findings.length} findings in all (${countsPerRule(verdict.findings)}); the first ${kept.length} are listed.`,
      4 * 1024,
    ),
  };
  const summarised: Verdict = { ...verdict, findings: [...kept, summary] };
  if (size(summarised) <= maxBytes) return summarised;
  return {
    ...verdict,
    kind: 'error',
    findings: [
      {
        engine: 'sekisho',
        rule: 'verdict-too-large',
        detail: `The scan produced a verdict too large to store (${verdict.findings.length} findings); the file stays withheld.`,
      },
    ],
    engines: verdict.engines.slice(0, 8),
  };
}
