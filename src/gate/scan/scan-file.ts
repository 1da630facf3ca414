import type { Clock } from '../../shared/clock.js';
import type { Scanner, ScanSubject } from '../ports.js';
import type { EngineResult, Finding, Verdict } from '../verdict.js';
import { capFindings } from './cap-findings.js';
import { combineKinds } from './combine-results.js';

/** Options of {@link scanFile}. */
export interface ScanFileOptions {
  /** How long each engine may take, in ms; past it the engine is aborted and its result is `error`. */
  readonly timeoutMs: number;
  readonly clock: Clock;
}

const failed = (engine: string, rule: string, detail: string): EngineResult => ({
  engine,
  version: 'unknown',
  kind: 'error',
  findings: [{ engine, rule, detail }],
});

/** Runs one engine under its own deadline; whatever goes wrong becomes an `error` result, never a throw. */
async function runEngine(engine: Scanner, subject: ScanSubject, timeoutMs: number): Promise<EngineResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<EngineResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      resolve(
        failed(
          engine.name,
          'engine-timeout',
          `The ${engine.name} engine did not answer within ${timeoutMs} ms.`,
        ),
      );
    }, timeoutMs);
  });
  // Through `then`, so that an engine that throws before returning a promise is caught as well.
  const run = Promise.resolve()
    .then(() => engine.scan(subject, controller.signal))
    .then(
      (result) => result,
      (error: unknown) =>
        failed(
          engine.name,
          'engine-error',
          `The ${engine.name} engine failed: ${(error as Error)?.message ?? String(error)}`,
        ),
    );
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Scans one file with every engine in parallel, each bounded by `timeoutMs`, and combines their
 * results into a verdict (see `combineKinds`: infected > rejected > error > clean, fail closed).
 * The verdict records each engine's version, the sha256 of the scanned bytes, the type detected
 * by the built-in engine, when the scan finished and how long it took. Its findings are capped
 * (`capFindings`: a few per rule with their paths, then a count), so a verdict stays small.
 */
export async function scanFile(
  subject: ScanSubject,
  engines: readonly Scanner[],
  options: ScanFileOptions,
): Promise<Verdict> {
  const started = options.clock.now();
  const results = await Promise.all(engines.map((e) => runEngine(e, subject, options.timeoutMs)));
  const findings: Finding[] = capFindings(results.flatMap((r) => r.findings));
  if (results.length === 0)
    findings.push({ engine: 'policy', rule: 'no-engines', detail: 'No scanning engine is configured.' });
  const detectedType =
    results.find((r) => r.engine === 'builtin')?.detectedType ??
    results.find((r) => r.detectedType)?.detectedType ??
    null;
  const finished = options.clock.now();
  return {
    kind: combineKinds(results),
    findings,
    engines: results.map((r) => ({ engine: r.engine, version: r.version })),
    sha256: subject.sha256,
    detectedType,
    scannedAt: finished,
    durationMs: finished - started,
  };
}
