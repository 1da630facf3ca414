import { describe, expect, it } from 'vitest';
import type { Verdict } from '../verdict.js';
import { boundVerdict } from './bound-verdict.js';

const verdict = (findings: Verdict['findings'], kind: Verdict['kind'] = 'rejected'): Verdict => ({
  kind,
  findings,
  engines: [{ engine: 'builtin', version: '1' }],
  sha256: 'a'.repeat(64),
  detectedType: 'application/zip',
  scannedAt: 0,
  durationMs: 1,
});

describe('boundVerdict', () => {
  it('returns a verdict that fits unchanged', () => {
    const small = verdict([{ engine: 'builtin', rule: 'executable', detail: 'a.exe' }]);
    expect(boundVerdict(small)).toBe(small);
  });

  it('keeps the first five findings and counts the rest per rule when it does not fit', () => {
    const findings = [
      ...Array.from({ length: 700 }, (_, i) => ({
        engine: 'builtin',
        rule: 'executable',
        detail: `${'d/'.repeat(100)}${i}.exe`,
      })),
      ...Array.from({ length: 3 }, () => ({ engine: 'builtin', rule: 'office-macros', detail: 'm.docm' })),
    ];
    const bounded = boundVerdict(verdict(findings), 8 * 1024);
    expect(bounded.kind).toBe('rejected');
    expect(bounded.findings).toHaveLength(6);
    expect(bounded.findings[5]?.detail).toBe(
      '703 findings in all (executable ×700, office-macros ×3); the first 5 are listed.',
    );
    expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(8 * 1024);
  });

  it('fails closed when even the summary does not fit, and never turns a verdict clean', () => {
    const findings = Array.from({ length: 2000 }, (_, i) => ({
      engine: 'e',
      rule: `rule-${i}-${'r'.repeat(60)}`,
      detail: 'x',
    }));
    const bounded = boundVerdict(verdict(findings, 'infected'), 2048);
    expect(bounded.kind).toBe('error');
    expect(bounded.findings[0]?.rule).toBe('verdict-too-large');
    expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(2048);
  });
});
