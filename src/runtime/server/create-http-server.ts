import { createServer, type Server } from 'node:http';
import { InvalidInputError } from '../../shared/errors.js';
import { sendError } from './respond.js';
import { Router } from './router.js';
import { fileRoutes } from './routes/file-routes.js';
import { opsRoutes } from './routes/ops-routes.js';
import { pageRoutes } from './routes/page-routes.js';
import { threadRoutes } from './routes/thread-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import type { ServerContext } from './server-context.js';

/** Builds the router with every route of docs/http-api.md. */
export function createRouter(ctx: ServerContext): Router {
  const router = new Router();
  fileRoutes(router, ctx);
  threadRoutes(router, ctx);
  webhookRoutes(router, ctx);
  opsRoutes(router, ctx);
  pageRoutes(router, ctx);
  return router;
}

/**
 * The HTTP server of `sekisho serve` on node:http. Errors from every route are mapped to
 * `{ "error": { "code", "message" } }` here and nowhere else.
 */
export function createHttpServer(ctx: ServerContext): Server {
  const router = createRouter(ctx);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // On every response: no MIME sniffing, no framing, no referrer leaking thread ids.
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    try {
      const match = router.match(req.method ?? 'GET', url.pathname);
      if (match.kind === 'not-found')
        throw new InvalidInputError('NOT_FOUND', `There is nothing at ${url.pathname}.`, { status: 404 });
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
  server.headersTimeout = 30_000;
  server.requestTimeout = 0; // A 1 GB upload on a slow link must not be cut off; headersTimeout still applies.
  server.keepAliveTimeout = 5_000;
  return server;
}
