import type { IncomingMessage, ServerResponse } from 'node:http';
import type { User } from '../../gate/app/app-store.js';

/**
 * The authentication a route needs, declared when it is registered so that no route can forget
 * it: `public` (pages, assets, health, the signed webhook), `user` (a valid token or session),
 * `operator` (a user the access policy lets use the operations routes).
 */
export type RouteAccess = 'public' | 'user' | 'operator';

/** What a route handler gets: the request, the response, the path parameters and the signed-in user. */
export interface RouteContext<A extends RouteAccess = RouteAccess> {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  /** The signed-in user; always there unless the route is `public`. */
  readonly user: A extends 'public' ? null : User;
}

export type RouteHandler<A extends RouteAccess = RouteAccess> = (
  ctx: RouteContext<A>,
) => Promise<void> | void;

/** How the router checks a route's access: resolves the user (or throws 401) and the operator rule (403). */
export interface RouteGuard {
  authenticate(req: IncomingMessage): User;
  /** Throws unless `user` may use the operations routes. */
  assertOperator(user: User): void;
}

interface Route {
  readonly method: string;
  readonly parts: readonly string[];
  readonly access: RouteAccess;
  readonly handler: RouteHandler;
}

/** The result of matching a request: a handler, a path that exists under another method, or nothing. */
export type RouteMatch =
  | {
      readonly kind: 'found';
      readonly handler: (ctx: Omit<RouteContext, 'user'>) => Promise<void>;
      readonly params: Record<string, string>;
    }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/** A tiny router: `/api/files/:id/content`-style patterns, exact segments otherwise. */
export class Router {
  readonly #routes: Route[] = [];
  readonly #guard: RouteGuard;

  constructor(guard: RouteGuard) {
    this.#guard = guard;
  }

  /** Adds a route with its access; `:name` segments capture one path segment (URL-decoded). */
  on<A extends RouteAccess>(method: string, pattern: string, access: A, handler: RouteHandler<A>): this {
    this.#routes.push({
      method,
      parts: pattern.split('/').filter(Boolean),
      access,
      handler: handler as RouteHandler,
    });
    return this;
  }

  match(method: string, pathname: string): RouteMatch {
    const segments = pathname.split('/').filter(Boolean);
    const allow: string[] = [];
    for (const route of this.#routes) {
      const params = matchParts(route.parts, segments);
      if (params === null) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET'))
        return { kind: 'found', handler: (ctx) => this.#run(route, ctx), params };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  }

  /** Checks the route's access before its handler runs (and before any body is read). */
  async #run(route: Route, ctx: Omit<RouteContext, 'user'>): Promise<void> {
    if (route.access === 'public') return route.handler({ ...ctx, user: null });
    const user = this.#guard.authenticate(ctx.req);
    if (route.access === 'operator') this.#guard.assertOperator(user);
    return route.handler({ ...ctx, user });
  }
}

function matchParts(parts: readonly string[], segments: readonly string[]): Record<string, string> | null {
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] as string;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return null;
      }
    } else if (part !== segment) return null;
  }
  return params;
}
