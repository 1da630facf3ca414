import { readBody } from '../read-body.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';
import type { ServerContext } from '../server-context.js';

/** `POST /api/webhooks/verdicts`: the release function's call, verified per Standard Webhooks. */
export function webhookRoutes(router: Router, ctx: ServerContext): void {
  router.on('POST', '/api/webhooks/verdicts', async ({ req, res }) => {
    // The signature covers the exact bytes, so the body is verified before it is parsed.
    const raw = await readBody(req, 256 * 1024);
    const { outcome, fileId } = await ctx.receiver.receiveWebhook(req.headers, raw);
    sendJson(res, 200, { outcome, fileId });
  });
}
