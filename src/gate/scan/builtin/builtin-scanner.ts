import type { Scanner } from '../../ports.js';
import type { Finding } from '../../verdict.js';
import { defaultScanPolicy, type ScanPolicy } from '../scan-policy.js';
import { type BuiltinLimits, defaultBuiltinLimits } from './builtin-limits.js';
import { inMemorySubject } from './bytes-subject.js';
import { inspectSubject } from './inspect-subject.js';
import { scratchBuffers } from './scratch-buffers.js';

export type { BuiltinLimits } from './builtin-limits.js';

/**
 * Files up to this size are read into memory with one read before they are inspected, into a
 * buffer the engine reuses (at most two of them kept, see scratch-buffers.ts); larger ones are
 * streamed and read in ranges, so memory stays flat for a file of any size.
 */
const IN_MEMORY_BYTES = 8 * 1024 * 1024;

/** The engine's name in findings and verdicts. */
export const BUILTIN_ENGINE = 'builtin';
/** Bumped when a rule changes, so a verdict says which rules judged it. */
export const BUILTIN_VERSION = 'builtin 0.2.0';

/**
 * The built-in engine: needs nothing installed. It detects the type from the bytes, applies the
 * policy's accepted types (default {@link defaultScanPolicy}: PDF, Word/Excel/PowerPoint without
 * macros, OpenDocument, text and CSV in any common encoding, PNG, JPEG, GIF, WebP, ZIP and gzip of
 * those), refuses executables, scripts, macros, PDF active content, markup with scripts, names
 * that disguise the content, zip bombs (on declared sizes, then with a hard cap while inflating),
 * inconsistent, over-deep or encrypted archives, and reports the EICAR test file and denylisted
 * sha256 digests as infected. Every limit has the default given in {@link BuiltinLimits}.
 *
 * @param options.denylist hex sha256 digests to report as infected (case-insensitive).
 * @param options.policy which types are accepted; default {@link defaultScanPolicy}.
 */
export function createBuiltinScanner(
  options: Partial<BuiltinLimits> & { denylist?: Iterable<string>; policy?: ScanPolicy } = {},
): Scanner {
  const { denylist = [], policy = defaultScanPolicy, ...overrides } = options;
  const limits: BuiltinLimits = Object.freeze({ ...defaultBuiltinLimits, ...overrides });
  const denied: ReadonlySet<string> = new Set([...denylist].map((d) => d.toLowerCase()));
  const scratch = scratchBuffers();
  return {
    name: BUILTIN_ENGINE,
    async scan(subject, signal) {
      const budget = { entries: 0, expandedBytes: 0 };
      let inspection: Awaited<ReturnType<typeof inspectSubject>>;
      try {
        const held = await inMemorySubject(subject, IN_MEMORY_BYTES, scratch);
        try {
          inspection = await inspectSubject(held.subject, {
            limits,
            policy,
            denylist: denied,
            signal,
            budget,
          });
        } finally {
          // The inspection is over, whatever its outcome: no inspector still holds the bytes.
          held.release();
        }
      } catch (error) {
        if (signal?.aborted) throw error;
        // A parser that trips on a malformed file could not inspect it: fail closed, and say so.
        const detail = `The built-in engine could not inspect the file: ${(error as Error).message}`;
        return {
          engine: BUILTIN_ENGINE,
          version: BUILTIN_VERSION,
          kind: 'error',
          findings: [{ engine: BUILTIN_ENGINE, rule: 'engine-error', detail }],
          detectedType: null,
        };
      }
      const { type, hits } = inspection;
      const findings: Finding[] = hits.map((h) => ({
        engine: BUILTIN_ENGINE,
        rule: h.rule,
        detail: h.detail,
      }));
      const kind = hits.some((h) => h.kind === 'infected')
        ? 'infected'
        : hits.length > 0
          ? 'rejected'
          : 'clean';
      return { engine: BUILTIN_ENGINE, version: BUILTIN_VERSION, kind, findings, detectedType: type.mime };
    },
  };
}
