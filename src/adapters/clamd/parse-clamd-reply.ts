import type { VerdictKind } from '../../gate/verdict.js';

/** What one clamd INSTREAM reply means for the verdict. */
export interface ClamdOutcome {
  readonly kind: VerdictKind;
  readonly rule: string | null;
  readonly detail: string | null;
}

/**
 * Reads clamd's reply to INSTREAM (clamd(8)): `stream: OK`, `stream: NAME FOUND`,
 * `INSTREAM size limit exceeded. ERROR`, or `MESSAGE ERROR`. Anything else is an error: a
 * reply we cannot read is never taken as clean.
 *
 * The size limit is `rejected` (rule `clamd-size-limit`), not `error`: clamd refuses the file
 * deterministically (StreamMaxLength), so a retry can never clean it and the uploader is the
 * one who can act (send a smaller file). `Heuristics.Limits.Exceeded.*` (MaxFileSize, MaxScanSize…
 * with AlertExceedsMax) is rejected for the same reason; it is not malware.
 */
export function parseClamdReply(raw: string): ClamdOutcome {
  const reply = raw.replace(/\0+$/, '').trim();
  if (/^(stream|\d+:\s*stream):\s*OK$/.test(reply)) return { kind: 'clean', rule: null, detail: null };
  const found = /^(?:\d+:\s*)?stream:\s*(.+)\s+FOUND$/.exec(reply);
  if (found) {
    const name = (found[1] as string).trim();
    if (name.startsWith('Heuristics.Limits.Exceeded'))
      return {
        kind: 'rejected',
        rule: 'clamd-limits-exceeded',
        detail: `ClamAV could not scan the whole file (${name}).`,
      };
    return { kind: 'infected', rule: name, detail: `ClamAV found ${name}.` };
  }
  if (/INSTREAM size limit exceeded/i.test(reply))
    return {
      kind: 'rejected',
      rule: 'clamd-size-limit',
      detail: 'The file is larger than clamd accepts (StreamMaxLength).',
    };
  if (reply === '')
    return { kind: 'error', rule: 'clamd-no-reply', detail: 'clamd closed the connection without a reply.' };
  return { kind: 'error', rule: 'clamd-error', detail: `clamd answered: ${reply}` };
}
