import { readBody } from '../read-body.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';
import type { ServerContext } from '../server-context.js';

/** The largest webhook body read; a verdict with many findings is a few kilobytes. */
const MAX_WEBHOOK_BYTES = 256 * 1024;

/** `POST /api/webhooks/verdicts`: the release function's call, verified per Standard Webhooks. */
export function webhookRoutes(router: Router, ctx: ServerContext): void {
  // Public to the router: the Standard Webhooks signature is its authentication, checked by the receiver.
  router.on('POST', '/api/webhooks/verdicts', 'public', async ({ req, res }) => {
    // The signature covers the exact bytes, so the body is verified before it is parsed, and
    // only as strict UTF-8: a lenient decode maps different invalid bytes to the same text.
    // The receiver verifies first, then checks that the id and thread match the file.
    const raw = await readBody(req, MAX_WEBHOOK_BYTES, { strictUtf8: true });
    const { outcome, fileId } = await ctx.receiver.receiveWebhook(req.headers, raw);
    sendJson(res, 200, { outcome, fileId });
  });
}
