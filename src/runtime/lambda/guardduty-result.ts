import type { EngineResult } from '../../gate/verdict.js';

/** The engine name GuardDuty's results carry in a verdict. */
export const GUARDDUTY_ENGINE = 'guardduty';

/** The object a GuardDuty Malware Protection scan result is about, and what it means as an engine result. */
export interface GuardDutyScan {
  readonly bucket: string;
  readonly key: string;
  /** The ETag GuardDuty scanned; the bytes read for the verdict must still have it. */
  readonly eTag: string | null;
  readonly result: EngineResult;
}

const REASONS: Record<string, string> = {
  SKIPPED: 'GuardDuty skipped the object (unsupported, too large, or it could not read it)',
  FAILED: 'GuardDuty could not scan the object',
};

/**
 * Reads the `detail` of a "GuardDuty Malware Protection Object Scan Result" event
 * (https://docs.aws.amazon.com/guardduty/latest/ug/monitor-with-eventbridge-s3-malware-protection.html).
 * Only `scanStatus` COMPLETED with `scanResultStatus` NO_THREATS_FOUND is clean; THREATS_FOUND is
 * infected, with each threat's name; anything else (SKIPPED, FAILED, UNSUPPORTED, ACCESS_DENIED, a
 * status this code does not know) is an `error` that says so in plain words: fail closed.
 * Returns null when the event is not such a result.
 */
export function readGuardDutyScan(event: unknown): GuardDutyScan | null {
  if (!isObject(event) || event['detail-type'] !== 'GuardDuty Malware Protection Object Scan Result')
    return null;
  const detail = isObject(event.detail) ? event.detail : {};
  const object = isObject(detail.s3ObjectDetails) ? detail.s3ObjectDetails : {};
  const bucket = typeof object.bucketName === 'string' ? object.bucketName : '';
  const key = typeof object.objectKey === 'string' ? object.objectKey : '';
  if (bucket === '' || key === '') return null;
  const scanStatus = String(detail.scanStatus ?? 'UNKNOWN');
  const details = isObject(detail.scanResultDetails) ? detail.scanResultDetails : {};
  const resultStatus = String(details.scanResultStatus ?? 'UNKNOWN');
  const base = { engine: GUARDDUTY_ENGINE, version: 'GuardDuty Malware Protection for S3' };
  const finding = (rule: string, text: string) => ({ engine: GUARDDUTY_ENGINE, rule, detail: text });
  let result: EngineResult;
  if (scanStatus === 'COMPLETED' && resultStatus === 'NO_THREATS_FOUND')
    result = { ...base, kind: 'clean', findings: [] };
  else if (scanStatus === 'COMPLETED' && resultStatus === 'THREATS_FOUND') {
    const threats = Array.isArray(details.threats) ? details.threats : [];
    const names = threats.map((t) => (isObject(t) && typeof t.name === 'string' ? t.name : 'unnamed threat'));
    result = {
      ...base,
      kind: 'infected',
      findings: (names.length > 0 ? names : ['unnamed threat']).map((name) =>
        finding(name, `GuardDuty found malware: ${name}.`),
      ),
    };
  } else {
    const why = REASONS[scanStatus] ?? `GuardDuty answered scan status ${scanStatus}`;
    result = {
      ...base,
      kind: 'error',
      findings: [
        finding(
          `guardduty-${scanStatus.toLowerCase()}`,
          `${why} (result ${resultStatus}); the file stays blocked.`,
        ),
      ],
    };
  }
  return { bucket, key, eTag: typeof object.eTag === 'string' ? object.eTag : null, result };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
