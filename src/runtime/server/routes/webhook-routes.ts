import { verdictWebhookId } from '../../../gate/release/verdict-webhook.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { readBody } from '../read-body.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';
import type { ServerContext } from '../server-context.js';

/** The largest webhook body read; a verdict with many findings is a few kilobytes. */
const MAX_WEBHOOK_BYTES = 256 * 1024;

const header = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/** `POST /api/webhooks/verdicts`: the release function's call, verified per Standard Webhooks. */
export function webhookRoutes(router: Router, ctx: ServerContext): void {
  router.on('POST', '/api/webhooks/verdicts', async ({ req, res }) => {
    // The signature covers the exact bytes, so the body is verified before it is parsed, and
    // only as strict UTF-8: a lenient decode maps different invalid bytes to the same text.
    const raw = await readBody(req, MAX_WEBHOOK_BYTES, { strictUtf8: true });
    assertConsistent(ctx, req.headers, raw);
    const { outcome, fileId } = await ctx.receiver.receiveWebhook(req.headers, raw);
    sendJson(res, 200, { outcome, fileId });
  });
}

/**
 * Defence in depth for a webhook: its id must be the one its data implies (`<fileId>:v<version>`),
 * and its thread the file's own, so a verdict (or a replayed id) is never applied to another
 * thread's file. The signature is verified afterwards by the receiver; answering 400 first tells
 * an unsigned caller only whether a file id it already holds (128 random bits, known to that
 * thread's participants) sits in a thread id it already holds.
 */
function assertConsistent(
  ctx: ServerContext,
  headers: Record<string, string | string[] | undefined>,
  raw: string,
): void {
  const id = header(headers['webhook-id']);
  let data: { fileId?: unknown; threadId?: unknown; version?: unknown } | undefined;
  try {
    data = (JSON.parse(raw) as { data?: typeof data } | null)?.data;
  } catch {
    return; // the receiver answers SIGNATURE_INVALID or WEBHOOK_BODY_INVALID with the details
  }
  if (id === undefined || typeof data?.fileId !== 'string' || typeof data.version !== 'number') return;
  const refuse = (why: string): never => {
    throw new InvalidInputError('WEBHOOK_BODY_INVALID', `The webhook is inconsistent: ${why}.`);
  };
  const expected = verdictWebhookId(data.fileId, data.version);
  if (id !== expected) refuse(`its webhook-id must be ${expected}`);
  const file = ctx.app.getFile(data.fileId);
  if (file !== null && file.threadId !== data.threadId)
    refuse(`file ${file.id} does not belong to the thread it names`);
}
