import type { VerdictItem } from '../stream-record.js';
import type { Verdict } from '../verdict.js';

/** The `type` of the one webhook the release function sends. */
export const VERDICT_WEBHOOK_TYPE = 'verdict.written';

/** The JSON body of a verdict webhook (Standard Webhooks payload shape: type, timestamp, data). */
export interface VerdictWebhookBody {
  readonly type: typeof VERDICT_WEBHOOK_TYPE;
  /** ISO 8601, when the verdict was written. */
  readonly timestamp: string;
  /** The verdict item itself, field by field (no more: the signature covers exactly these bytes). */
  readonly data: VerdictItem;
}

/** One message to deliver: its idempotency id and its body, serialised once so the signature covers these bytes. */
export interface VerdictWebhookMessage {
  /** `<fileId>:v<version>`: the same verdict version always carries the same id, so the receiver dedupes it. */
  readonly id: string;
  readonly body: string;
}

/**
 * Delivers a verdict webhook to the web app (an HTTP POST signed per Standard Webhooks, in the
 * adapter). Resolves when the receiver answered 2xx; rejects otherwise, so the record is retried.
 */
export interface VerdictWebhookSender {
  send(message: VerdictWebhookMessage): Promise<void>;
}

/** The idempotency id of one verdict version of one file. */
export function verdictWebhookId(fileId: string, version: number): string {
  return `${fileId}:v${version}`;
}

/** Builds the webhook message for one verdict item. */
export function toVerdictWebhook(item: VerdictItem): VerdictWebhookMessage {
  const body: VerdictWebhookBody = {
    type: VERDICT_WEBHOOK_TYPE,
    timestamp: new Date(item.writtenAt).toISOString(),
    data: {
      fileId: item.fileId,
      threadId: item.threadId,
      version: item.version,
      verdict: item.verdict,
      uploadedAt: item.uploadedAt,
      writtenAt: item.writtenAt,
    },
  };
  return { id: verdictWebhookId(item.fileId, item.version), body: JSON.stringify(body) };
}

/**
 * Whether a failed delivery can never succeed as it is: the receiver refused the body itself
 * (400 malformed, 413 too large, 422), so retrying the same bytes until the record expires would
 * only delay every other file. The sender's error carries the receiver's answer as `receiverStatus`.
 */
export function isUndeliverable(error: unknown): boolean {
  const status = (error as { receiverStatus?: unknown } | null)?.receiverStatus;
  return status === 400 || status === 413 || status === 422;
}

/**
 * What is delivered instead of a verdict the receiver refused: the same file and version, failed
 * closed with a reason the uploader can read. Never more permissive than the original (it is an
 * `error`), so the receiver accepts it in place of whatever the table holds.
 */
export function undeliverableVerdict(item: VerdictItem, receiverStatus: number | undefined): VerdictItem {
  const verdict: Verdict = {
    ...item.verdict,
    kind: 'error',
    findings: [
      {
        engine: 'sekisho',
        rule: 'verdict-undeliverable',
        detail: `The verdict (${item.verdict.kind}, ${item.verdict.findings.length} findings) could not be delivered (the web app answered ${receiverStatus ?? 'an error'}); the file stays withheld until an operator re-scans it.`,
      },
    ],
    engines: item.verdict.engines.slice(0, 8),
  };
  return { ...item, verdict };
}
