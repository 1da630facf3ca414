import { gateErrors } from '../../../gate/app/gate-errors.js';
import { NotFoundError } from '../../../shared/errors.js';
import { cameOverHttps, sessionCookie, sessionTokenOf } from '../auth.js';
import { readJson } from '../read-body.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';
import type { ServerContext } from '../server-context.js';
import { serveIndex, serveStatic } from '../static-files.js';

/** The page (`/`, `/ops`), its assets, the demo sign-ins and `/api/session`. */
export function pageRoutes(router: Router, ctx: ServerContext): void {
  router.on('GET', '/', 'public', ({ res }) => serveIndex(res, ctx.webRoot));
  router.on('GET', '/ops', 'public', ({ res }) => serveIndex(res, ctx.webRoot));

  for (const role of ['candidate', 'company', 'operator'] as const) {
    router.on('GET', `/demo/${role}`, 'public', ({ req, res }) => {
      const token = ctx.demoTokens?.[role];
      const user = token === undefined ? null : ctx.app.userByToken(token);
      if (!ctx.demo || user === null)
        throw new NotFoundError('NOT_FOUND', 'Demo sign-in exists only with `sekisho serve --demo`.');
      // The cookie carries a session of its own, never the user's API token: signing out revokes it.
      res.writeHead(303, {
        location: role === 'operator' ? '/ops' : '/',
        'set-cookie': sessionCookie(ctx.app.createSession(user.id), cameOverHttps(req)),
      });
      res.end();
    });
  }

  router.on('POST', '/api/session', 'public', async ({ req, res }) => {
    const body = await readJson(req);
    const token = typeof body.token === 'string' ? body.token : '';
    const user = token === '' ? null : ctx.app.userByToken(token);
    if (user === null) throw gateErrors.tokenInvalid();
    res.setHeader('set-cookie', sessionCookie(ctx.app.createSession(user.id), cameOverHttps(req)));
    sendJson(res, 200, { user });
  });

  router.on('DELETE', '/api/session', 'public', ({ req, res }) => {
    // Signing out ends the session server-side: a copy of the cookie kept elsewhere is refused too.
    const session = sessionTokenOf(req);
    if (session !== null && session !== '') ctx.app.revokeSession(session);
    res.setHeader('set-cookie', sessionCookie(null, cameOverHttps(req)));
    sendJson(res, 200, { signedOut: true });
  });

  router.on('GET', '/assets/:name', 'public', async ({ res, params }) => {
    const name = params.name as string;
    if (
      (await serveStatic(res, ctx.webRoot, `assets/${name}`)) ||
      (await serveStatic(res, ctx.webRoot, name))
    )
      return;
    throw gateErrors.nothingAt(`/assets/${name}`);
  });

  // esbuild writes app.js/app.css at the top of web/dist; serve those names too.
  router.on('GET', '/:name', 'public', async ({ res, params }) => {
    const name = params.name as string;
    if (
      /^[\w.-]+\.(js|css|map|svg|png|ico|woff2|json)$/.test(name) &&
      (await serveStatic(res, ctx.webRoot, name))
    )
      return;
    throw gateErrors.nothingAt(`/${name}`);
  });
}
