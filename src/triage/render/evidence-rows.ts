import type { Diagnosis } from '../diagnosis.js';
import { signalOf } from '../knowledge/exit-codes.js';
import { messages } from '../messages.js';

/** One labelled fact of a diagnosis; `code` values read best in a monospace font. */
export interface EvidenceRow {
  readonly label: string;
  readonly value: string;
  readonly code?: boolean;
}

/**
 * The evidence of a diagnosis as labelled rows in its language, in the order an SRE reads them. The
 * state, container and exit code are always present (with "(none)"); other rows only when known.
 */
export function evidenceRows(d: Diagnosis): EvidenceRow[] {
  const t = messages[d.lang];
  const l = t.labels;
  const e = d.evidence;
  const rows: EvidenceRow[] = [];
  const add = (label: string, value: string | number | null, code = false) => {
    if (value !== null && value !== '')
      rows.push(code ? { label, value: String(value), code } : { label, value: String(value) });
  };
  rows.push({ label: l.state, value: e.failedState ?? l.none });
  if (e.statePath.length > 1) add(l.path, e.statePath.join(' › '));
  if (e.attempt !== null && e.attempts !== null) add(l.attempt, t.attemptOf(e.attempt, e.attempts));
  rows.push({ label: l.container, value: e.container ?? l.none });
  const signal = e.exitCode === null ? null : signalOf(e.exitCode);
  rows.push({
    label: l.exitCode,
    value: e.exitCode === null ? l.none : signal ? `${e.exitCode} (${signal})` : String(e.exitCode),
  });
  add(l.status, e.executionStatus);
  add(l.redrives, e.redriveCount);
  add(l.error, e.error, true);
  // Without an ECS task the cause is the message itself (a Lambda error, an API exception, a Fail state).
  if (e.taskArn === null) add(l.cause, causeSummary(e.cause));
  add(l.stopCode, e.stopCode, true);
  add(l.stoppedReason, e.stoppedReason);
  if (e.containerReason !== e.stoppedReason) add(l.containerReason, e.containerReason);
  add(l.command, e.command === null ? null : e.command.join(' '), true);
  add(l.image, e.image, true);
  add(l.subnet, e.subnet, true);
  if (e.batchJob !== null)
    add(l.batchJob, [e.batchJob.jobName, e.batchJob.jobId].filter((x) => x !== null).join(' ') || null, true);
  if (e.failedAttempts > 0) add(l.failedAttempts, e.failedAttempts);
  add(l.taskArn, e.taskArn, true);
  add(l.taskDefinition, e.taskDefinitionArn, true);
  add(l.started, e.startedAt);
  add(l.stopped, e.stoppedAt);
  add(l.duration, e.durationSeconds === null ? null : formatDuration(e.durationSeconds));
  return rows;
}

/**
 * A cause as a person reads it: `errorType: errorMessage` of a Lambda error, the reasons of RunTask
 * failures, else the text as it is.
 */
export function causeSummary(cause: string | null): string | null {
  if (cause === null || cause.trim() === '') return null;
  try {
    const json = JSON.parse(cause) as Record<string, unknown>;
    if (typeof json.errorMessage === 'string')
      return typeof json.errorType === 'string'
        ? `${json.errorType}: ${json.errorMessage}`
        : json.errorMessage;
    const failures = json.Failures ?? json.failures;
    if (Array.isArray(failures))
      return failures
        .map((f: Record<string, unknown>) =>
          [f.Reason ?? f.reason, f.Detail ?? f.detail, f.Arn ?? f.arn].filter(Boolean).join(' '),
        )
        .join('; ');
  } catch {
    // Not JSON: the text is the message.
  }
  return cause;
}

/** 784 → "13m 4s"; 3725 → "1h 2m 5s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [h > 0 ? `${h}h` : '', h > 0 || m > 0 ? `${m}m` : '', `${s % 60}s`];
  return parts.filter(Boolean).join(' ');
}
