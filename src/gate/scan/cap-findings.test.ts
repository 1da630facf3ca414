import { describe, expect, it } from 'vitest';
import { buildZip } from '../../../test/fixtures/files/build-zip.js';
import { samples } from '../../../test/fixtures/files/samples.js';
import { createBuiltinScanner } from './builtin/builtin-scanner.js';
import { bytesSubject } from './builtin/bytes-subject.js';
import { capFindings } from './cap-findings.js';
import { scanFile } from './scan-file.js';

describe('capFindings', () => {
  it('keeps a few findings per rule with their paths, then counts the rest', () => {
    const findings = [
      ...Array.from({ length: 600 }, (_, i) => ({
        engine: 'builtin',
        rule: 'executable',
        detail: `p${i}.exe: a program`,
      })),
      { engine: 'builtin', rule: 'zip-symlink', detail: 'link' },
    ];
    const capped = capFindings(findings);
    expect(capped.map((f) => f.detail)).toEqual([
      'p0.exe: a program',
      'p1.exe: a program',
      'p2.exe: a program',
      'link',
      '… and 597 more findings of this rule (600 in all).',
    ]);
  });

  it('clips a long detail and bounds the count of rules too', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({
      engine: 'e',
      rule: `r${i}`,
      detail: 'x'.repeat(70_000),
    }));
    const capped = capFindings(many);
    expect(capped).toHaveLength(40);
    expect(capped.every((f) => f.detail.length <= 300)).toBe(true);
  });
});

describe('a zip of thousands of findings', () => {
  it('ends blocked with a verdict of a few kilobytes', async () => {
    const entries = Array.from({ length: 900 }, (_, i) => ({
      name: `${'long-folder-name/'.repeat(12)}tool-${i}.exe`,
      data: samples.pe,
    }));
    const zip = buildZip(entries);
    const verdict = await scanFile(bytesSubject('tools.zip', zip), [createBuiltinScanner()], {
      timeoutMs: 60_000,
      clock: { now: () => 0 },
    });
    expect(verdict.kind).toBe('rejected');
    expect(JSON.stringify(verdict).length).toBeLessThan(8 * 1024);
    expect(verdict.findings.some((f) => /in all\)/.test(f.detail))).toBe(true);
  });
});
