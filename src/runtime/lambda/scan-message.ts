import { type GuardDutyScan, readGuardDutyScan } from './guardduty-result.js';

/** One object to scan, named by a message on the scan queue. */
export interface ScanTarget {
  readonly bucket: string;
  /** The object's full S3 key, URL-decoded. */
  readonly key: string;
  /** Present when GuardDuty's result started this scan: its result joins the other engines'. */
  readonly guardDuty?: GuardDutyScan;
}

/**
 * What a scan-queue message asks for. The queue receives S3 event notifications (ObjectCreated in
 * the quarantine prefix) or, when GuardDuty is one of the engines, EventBridge's GuardDuty scan
 * results. S3's test event and other objects give no target; anything unreadable throws.
 */
export function readScanMessage(body: string): ScanTarget[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error('The scan queue message is not JSON; expected an S3 event notification.');
  }
  const guardDuty = readGuardDutyScan(parsed);
  if (guardDuty !== null) return [{ bucket: guardDuty.bucket, key: guardDuty.key, guardDuty }];
  const records = (parsed as { Records?: unknown }).Records;
  if (!Array.isArray(records)) {
    if ((parsed as { Event?: unknown }).Event === 's3:TestEvent') return [];
    throw new Error(
      'The scan queue message is neither an S3 event notification nor a GuardDuty scan result.',
    );
  }
  return records.flatMap(
    (r: { eventName?: string; s3?: { bucket?: { name?: string }; object?: { key?: string } } }) => {
      const bucket = r.s3?.bucket?.name;
      const key = r.s3?.object?.key;
      if (!r.eventName?.startsWith('ObjectCreated:') || bucket === undefined || key === undefined) return [];
      // S3 URL-encodes keys in notifications, spaces as '+'.
      return [{ bucket, key: decodeURIComponent(key.replace(/\+/g, ' ')) }];
    },
  );
}
