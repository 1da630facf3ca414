import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler gets: the request, the response, and the path parameters by name. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  readonly method: string;
  readonly parts: readonly string[];
  readonly handler: RouteHandler;
}

/** The result of matching a request: a handler, a path that exists under another method, or nothing. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly handler: RouteHandler; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/** A tiny router: `/api/files/:id/content`-style patterns, exact segments otherwise. */
export class Router {
  readonly #routes: Route[] = [];

  /** Adds a route; `:name` segments capture one path segment (URL-decoded). */
  on(method: string, pattern: string, handler: RouteHandler): this {
    this.#routes.push({ method, parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  match(method: string, pathname: string): RouteMatch {
    const segments = pathname.split('/').filter(Boolean);
    const allow: string[] = [];
    for (const route of this.#routes) {
      const params = matchParts(route.parts, segments);
      if (params === null) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET'))
        return { kind: 'found', handler: route.handler, params };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
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
