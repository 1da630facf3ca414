import { assertNever } from '../../shared/errors.js';
import type { EngineResult, VerdictKind } from '../verdict.js';

const RANK: Readonly<Record<VerdictKind, number>> = { clean: 0, error: 1, rejected: 2, infected: 3 };

/**
 * The policy that combines the engines' results: the worst kind wins, infected > rejected >
 * error > clean. Fail closed: no result at all, or a result that claims `clean` while reporting
 * findings, is not clean.
 */
export function combineKinds(results: readonly EngineResult[]): VerdictKind {
  if (results.length === 0) return 'error';
  let worst: VerdictKind = 'clean';
  for (const r of results) {
    const kind: VerdictKind = r.kind === 'clean' && r.findings.length > 0 ? 'error' : r.kind;
    switch (kind) {
      case 'clean':
      case 'error':
      case 'rejected':
      case 'infected':
        if (RANK[kind] > RANK[worst]) worst = kind;
        break;
      default:
        // An engine outside this code base could send anything over the wire; unknown is not clean.
        assertNever(kind, 'verdict kind');
    }
  }
  return worst;
}
