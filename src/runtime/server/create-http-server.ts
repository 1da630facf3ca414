import { createServer, type Server } from 'node:http';
import { mayOperate } from '../../gate/app/access-policy.js';
import { gateErrors } from '../../gate/app/gate-errors.js';
import { InvalidInputError } from '../../shared/errors.js';
import { authenticate } from './auth.js';
import { sendError } from './respond.js';
import { Router } from './router.js';
import { fileRoutes } from './routes/file-routes.js';
import { opsRoutes } from './routes/ops-routes.js';
import { pageRoutes } from './routes/page-routes.js';
import { threadRoutes } from './routes/thread-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { assertSameOrigin } from './same-origin.js';
import type { ServerContext } from './server-context.js';

/** Builds the router with every route of docs/http-api.md. */
export function createRouter(ctx: ServerContext): Router {
  const router = new Router({
    authenticate: (req) => authenticate(req, ctx.app),
    assertOperator: (user) => {
      if (!mayOperate(user, ctx.demo)) throw gateErrors.notOperator('use the operations routes');
    },
  });
  fileRoutes(router, ctx);
  threadRoutes(router, ctx);
  webhookRoutes(router, ctx);
  opsRoutes(router, ctx);
  pageRoutes(router, ctx);
  return router;
}

/** How long a client may take; the defaults suit `sekisho serve`, tests shorten them. */
export interface HttpTimeouts {
  /** Time to send all request headers (slowloris); default 30 000 ms. */
  readonly headersTimeoutMs?: number;
  /** Time to send a whole request, body included; default 1 h, so a 1 GB upload on a slow link fits. */
  readonly requestTimeoutMs?: number;
  /** A connection silent this long either way is closed; default 120 000 ms (SSE heartbeats every 15 s). */
  readonly idleTimeoutMs?: number;
}

/**
 * The HTTP server of `sekisho serve` on node:http. Errors from every route are mapped to
 * `{ "error": { "code", "message" } }` here and nowhere else.
 */
export function createHttpServer(ctx: ServerContext, timeouts: HttpTimeouts = {}): Server {
  const router = createRouter(ctx);
  const headersTimeout = timeouts.headersTimeoutMs ?? 30_000;
  // Node enforces the two request timeouts on this period (default 30 s); keep it under the shorter.
  const connectionsCheckingInterval = Math.max(100, Math.min(30_000, Math.floor(headersTimeout / 2)));
  const server = createServer({ connectionsCheckingInterval }, async (req, res) => {
    // On every response: no MIME sniffing, no framing, no referrer leaking thread ids.
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    try {
      // Inside the try: a request target like `http://[` makes URL throw, and must be a 400, not a crash.
      const url = parseTarget(req.url);
      assertSameOrigin(req, url.pathname);
      const match = router.match(req.method ?? 'GET', url.pathname);
      if (match.kind === 'not-found') throw gateErrors.nothingAt(url.pathname);
      if (match.kind === 'method-not-allowed') {
        res.setHeader('allow', match.allow.join(', '));
        throw new InvalidInputError(
          'METHOD_NOT_ALLOWED',
          `${req.method} is not allowed on ${url.pathname}.`,
          {
            status: 405,
          },
        );
      }
      await match.handler({ req, res, params: match.params, url });
    } catch (error) {
      // An answer sent before the body was read (a refused or oversize upload) closes the connection.
      sendError(res, error, ctx.logger, !req.readableEnded);
    }
  });
  server.headersTimeout = headersTimeout;
  server.requestTimeout = timeouts.requestTimeoutMs ?? 60 * 60_000;
  // A trickling upload (a byte a minute) passes the two checks above for an hour; the idle
  // timeout closes a connection that sends nothing for two minutes, and the upload's partial file
  // is deleted when its request closes.
  server.timeout = timeouts.idleTimeoutMs ?? 120_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

function parseTarget(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch (error) {
    throw new InvalidInputError('REQUEST_TARGET_INVALID', 'The request path is not a valid URL path.', {
      cause: error,
    });
  }
}
