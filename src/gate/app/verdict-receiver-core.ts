// zod: one schema per input at the boundary (style.md); the webhook body is such an input.
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { verifyWebhook } from '../../shared/webhooks/webhook-signature.js';
import type { ObjectStore, VerdictStore } from '../ports.js';
import { decidePublication } from '../release/publish-decision.js';
import { verdictWebhookId } from '../release/verdict-webhook.js';
import type { VerdictItem } from '../stream-record.js';
import type { FileChange, ReceiptOutcome } from './app-store.js';
import { gateErrors } from './gate-errors.js';
import type { ReceiptPruner } from './receipt-pruner.js';
import type { ReleaseFile, ReleaseStore } from './release-store.js';

const verdictSchema = z.object({
  kind: z.enum(['clean', 'infected', 'rejected', 'error']),
  findings: z.array(z.object({ engine: z.string(), rule: z.string(), detail: z.string() })),
  engines: z.array(z.object({ engine: z.string(), version: z.string() })),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  detectedType: z.string().nullable(),
  scannedAt: z.number(),
  durationMs: z.number(),
});

const bodySchema = z.object({
  type: z.literal('verdict.written'),
  data: z.object({
    fileId: z.string().min(1),
    threadId: z.string().min(1),
    version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    verdict: verdictSchema,
    uploadedAt: z.number(),
    writtenAt: z.number(),
  }),
});

/** One verdict the receiver applied (not a duplicate), as `onApplied` sees it. */
export interface AppliedVerdict<F extends ReleaseFile = ReleaseFile> {
  /** What applying it did: `published`, `blocked`, `failed`, `revoked` or `stale`. */
  readonly outcome: Exclude<ReceiptOutcome, 'duplicate'>;
  /** The file after the change, as the web app's store returned it. */
  readonly file: F;
  readonly webhookId: string;
  readonly delivery: VerdictItem;
  /** Epoch ms when it was applied. */
  readonly at: number;
}

export interface VerdictReceiverCoreDeps<F extends ReleaseFile> {
  /** The web app's files and receipts. */
  readonly files: ReleaseStore<F>;
  /** Re-hashes the stored bytes (for a remote store, a full read of the object). */
  readonly objects: Pick<ObjectStore, 'sha256'>;
  /**
   * The verdict table, read for every delivery: the receiver applies only the version the table
   * holds now (a consistent GetItem on DynamoDB), so a signed call cannot invent a version.
   */
  readonly verdicts: Pick<VerdictStore, 'get'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Every secret accepted (during a rotation, old and new). */
  readonly secrets: () => readonly string[];
  /**
   * Called after the store applied a verdict (any outcome but `duplicate`): notify users,
   * count metrics. An error it throws is logged, not returned to the sender: the change is
   * already stored, and a retry would only answer `duplicate`.
   */
  readonly onApplied?: (applied: AppliedVerdict<F>) => void | Promise<void>;
  /** Prunes old receipts after a verdict is applied (at most once an hour); none by default. */
  readonly receipts?: ReceiptPruner;
}

/** The web app's side of the release: verify, dedupe, check against the table, re-hash, decide, apply. */
export interface VerdictReceiver {
  /** Handles one signed call; throws SIGNATURE_INVALID/EXPIRED (401), a 400, 404 or 409. */
  receiveWebhook(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): Promise<{ outcome: ReceiptOutcome; fileId: string }>;
  /** Applies one verdict once per `webhookId` (the poll mode calls this in-process). */
  apply(webhookId: string, delivery: VerdictItem): Promise<ReceiptOutcome>;
}

const header = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * Checks a delivery against the verdict table instead of trusting its numbers. The version must be
 * the table's current one: an older one is `stale` (a newer delivery follows), a version the table
 * never held is refused, so a caller holding the secret (or a secret since rotated) cannot push a
 * file's version to 2^53-1 and make it unrevocable. A `clean` delivery must match the stored
 * verdict (kind and sha256); a non-clean one may stand in for it, as failing closed never leaks.
 */
async function checkAgainstStore(
  verdicts: Pick<VerdictStore, 'get'>,
  delivery: VerdictItem,
): Promise<'current' | 'stale'> {
  const current = await verdicts.get(delivery.fileId);
  if (current === null || delivery.version > current.version)
    throw gateErrors.verdictVersionUnknown(delivery.fileId, delivery.version, current?.version ?? null);
  if (delivery.version < current.version) return 'stale';
  if (
    delivery.verdict.kind === 'clean' &&
    (current.verdict.kind !== 'clean' || current.verdict.sha256 !== delivery.verdict.sha256)
  )
    throw gateErrors.verdictMismatch(delivery.fileId, delivery.version);
  return 'current';
}

/** Parses a verified body into the delivery it carries, or throws WEBHOOK_BODY_INVALID (400). */
function parseDelivery(id: string, rawBody: string): VerdictItem {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw gateErrors.webhookBodyInvalid('body is not JSON');
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success)
    throw gateErrors.webhookBodyInvalid(
      `body is not a verdict.written event: ${parsed.error.issues
        .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
    );
  // A receipt is spent per webhook id: the id must be the one its data implies, so a verdict
  // is never applied (nor a receipt used up) under another file's or version's id.
  const expected = verdictWebhookId(parsed.data.data.fileId, parsed.data.data.version);
  if (id !== expected)
    throw gateErrors.webhookBodyInvalid(`is inconsistent: its webhook-id must be ${expected}`);
  return parsed.data.data;
}

/**
 * Creates the verdict receiver over any {@link ReleaseStore}: the one decision rule that both
 * sekisho's own server and `sekisho/receiver` in a team's web app run.
 */
export function createVerdictReceiverCore<F extends ReleaseFile>(
  deps: VerdictReceiverCoreDeps<F>,
): VerdictReceiver {
  const apply = async (webhookId: string, delivery: VerdictItem): Promise<ReceiptOutcome> => {
    const existing = await deps.files.getFile(delivery.fileId);
    if (existing === null) throw gateErrors.fileNotFound(delivery.fileId);
    if (existing.threadId !== delivery.threadId)
      throw gateErrors.webhookBodyInvalid(
        `is inconsistent: file ${existing.id} does not belong to the thread it names`,
      );
    // A replay answers before the re-hash below, which reads up to the whole upload limit. The
    // receipt is checked again inside applyVerdict's transaction for a concurrent delivery.
    if (await deps.files.hasReceipt(webhookId)) {
      deps.logger.info({ fileId: existing.id, webhookId, outcome: 'duplicate' }, 'verdict applied');
      return 'duplicate';
    }
    const told = await checkAgainstStore(deps.verdicts, delivery);
    if (told === 'stale') {
      deps.logger.info({ fileId: existing.id, webhookId, outcome: 'stale' }, 'verdict applied');
      return 'stale';
    }
    // Re-hash the quarantined bytes now: a clean verdict for other bytes must never publish these.
    const storedSha256 = await deps.objects.sha256(existing.objectKey);
    const verdict = delivery.verdict;
    const now = deps.clock.now();
    const result = await deps.files.applyVerdict(webhookId, delivery.fileId, (file): FileChange => {
      const decision = decidePublication(file, { version: delivery.version, verdict }, storedSha256);
      if (decision.kind === 'stale') return { kind: 'stale' };
      return {
        kind: 'update',
        status: decision.status,
        version: delivery.version,
        verdict,
        blockReason: decision.kind === 'publish' ? null : decision.reason,
        publishedAt: decision.kind === 'publish' ? now : file.publishedAt,
      };
    });
    if (result === null) throw gateErrors.fileNotFound(delivery.fileId);
    const { outcome, file } = result;
    deps.logger.info({ fileId: file.id, webhookId, outcome, status: file.status }, 'verdict applied');
    deps.receipts?.maybePrune();
    if (outcome !== 'duplicate' && deps.onApplied !== undefined) {
      try {
        await deps.onApplied({ outcome, file, webhookId, delivery, at: now });
      } catch (error) {
        deps.logger.error({ err: error, fileId: file.id, webhookId, outcome }, 'onApplied failed');
      }
    }
    return outcome;
  };

  return {
    apply,
    async receiveWebhook(headers, rawBody) {
      const { id } = verifyWebhook({
        headers: {
          'webhook-id': header(headers['webhook-id']),
          'webhook-timestamp': header(headers['webhook-timestamp']),
          'webhook-signature': header(headers['webhook-signature']),
        },
        body: rawBody,
        secrets: deps.secrets(),
        now: deps.clock.now(),
      });
      const delivery = parseDelivery(id, rawBody);
      const outcome = await apply(id, delivery);
      return { outcome, fileId: delivery.fileId };
    },
  };
}
