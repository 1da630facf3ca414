import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainVerdict } from './explain-verdict.js';
import type { Finding, Verdict, VerdictKind } from './verdict.js';

const verdict = (kind: VerdictKind, rules: string[]): Verdict => ({
  kind,
  findings: rules.map((rule): Finding => ({ engine: 'builtin', rule, detail: rule })),
  engines: [],
  sha256: '0'.repeat(64),
  detectedType: null,
  scannedAt: 0,
  durationMs: 0,
});

describe('explainVerdict', () => {
  it('says nothing for a clean file', () => {
    expect(explainVerdict(verdict('clean', []))).toBeNull();
  });

  it('explains macros in plain English and Japanese', () => {
    const e = explainVerdict(verdict('rejected', ['office-macros']));
    expect(e?.en.reason).toBe('This file contains macros, which we do not accept.');
    expect(e?.en.nextStep).toContain('PDF');
    expect(e?.ja.reason).toContain('マクロ');
  });

  it('prefers the most telling rule when several apply', () => {
    const e = explainVerdict(verdict('rejected', ['name-mismatch', 'executable']));
    expect(e?.en.reason).toContain('program');
  });

  it.each([
    ['pdf-javascript', 'PDF'],
    ['pdf-damaged-javascript', 'PDF'],
    ['office-damaged-macros', 'macros'],
    ['zip-encrypted', 'password'],
    ['zip-bomb-ratio', 'archive'],
    ['clamd-size-limit', 'too large'],
    ['name-mismatch', 'name'],
    ['type-not-allowed', 'type of file'],
    ['svg-script', 'scripts'],
    ['zip-path-traversal', 'outside its folder'],
  ])('explains %s', (rule, words) => {
    expect(explainVerdict(verdict('rejected', [rule]))?.en.reason).toContain(words);
  });

  it('has words of its own for every rule the engines reject with', () => {
    const dirs = [join(import.meta.dirname, 'scan/builtin'), join(import.meta.dirname, '../adapters/clamd')];
    const rules = new Set<string>();
    for (const dir of dirs)
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.includes('.test.')))
        for (const m of readFileSync(join(dir, file), 'utf8').matchAll(
          /(?:reject\(\s*|kind: 'rejected', rule: )'([a-z0-9-]+)'/g,
        ))
          rules.add(m[1] as string);
    expect(rules.size).toBeGreaterThan(30);
    const fallback = explainVerdict(verdict('rejected', ['some-future-rule']));
    const missing = [...rules].filter((rule) => explainVerdict(verdict('rejected', [rule])) === fallback);
    expect(missing).toEqual([]);
  });

  it('falls back to a general message for a rule it does not know', () => {
    const e = explainVerdict(verdict('rejected', ['some-future-rule']));
    expect(e?.en.reason).toBe('This file did not pass our safety check.');
    expect(e?.ja.reason).toBe('このファイルは安全確認を通過しませんでした。');
  });

  it('tells the uploader to retry when the scan failed', () => {
    expect(explainVerdict(verdict('error', ['engine-timeout']))?.en.nextStep).toContain('again');
  });

  it('names the EICAR test file, and malware otherwise', () => {
    expect(explainVerdict(verdict('infected', ['eicar']))?.en.reason).toContain('EICAR');
    expect(explainVerdict(verdict('infected', ['Win.Trojan.Agent-1.UNOFFICIAL']))?.en.reason).toBe(
      'This file contains malware.',
    );
  });
});
