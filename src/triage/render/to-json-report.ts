import type { Category, Diagnosis, Evidence, Lang, Link, RetryAdvice } from '../diagnosis.js';

/** The `--format json` output: one object, stable field names, for scripts and other tools. */
export interface JsonReport {
  readonly category: Category;
  /** The knowledge entry behind the category (`init.unreachable-secrets-manager`), finer than it. */
  readonly cause: string;
  /** How the failed task differs from the last successful execution's (live reads); null when unknown or the same. */
  readonly whatChanged: Diagnosis['whatChanged'];
  readonly title: string;
  readonly explanation: string;
  readonly nextSteps: readonly string[];
  readonly failedState: string | null;
  readonly statePath: readonly string[];
  readonly container: string | null;
  readonly exitCode: number | null;
  readonly attempt: number | null;
  readonly attempts: number | null;
  readonly executionStatus: string;
  readonly evidence: Evidence;
  readonly links: readonly Link[];
  /** Whether and how to re-run: kind, text and the redrive command (null when there is nothing to redrive). */
  readonly retry: RetryAdvice;
  readonly sources: readonly string[];
  readonly lang: Lang;
}

/** The JSON report of a diagnosis: its fields, with the most asked-for evidence lifted to the top. */
export function toJsonReport(d: Diagnosis): JsonReport {
  const e = d.evidence;
  return {
    category: d.category,
    cause: d.cause,
    whatChanged: d.whatChanged,
    title: d.title,
    explanation: d.explanation,
    nextSteps: d.nextSteps,
    failedState: e.failedState,
    statePath: e.statePath,
    container: e.container,
    exitCode: e.exitCode,
    attempt: e.attempt,
    attempts: e.attempts,
    executionStatus: e.executionStatus,
    evidence: e,
    links: d.links,
    retry: d.retry,
    sources: d.sources,
    lang: d.lang,
  };
}
