import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './respond.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const FALLBACK_HTML = `<!doctype html><html lang="en"><meta charset="utf-8"><title>sekisho</title>
<p>The page is not built: run <code>npm run build</code>, then reload. The API is up.</p></html>`;

/** Common security headers of everything the server sends from disk. */
function securityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
}

/**
 * Serves one file of `root` (the built page, `web/dist`), refusing any path that leaves it.
 * Returns false when there is no such file.
 */
export async function serveStatic(res: ServerResponse, root: string, relativePath: string): Promise<boolean> {
  const path = normalize(join(root, relativePath));
  if (!path.startsWith(normalize(root) + sep)) return false;
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile()) return false;
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  securityHeaders(res);
  if (type.startsWith('text/html')) res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.writeHead(200, {
    'content-type': type,
    'content-length': info.size,
    'cache-control': type.startsWith('text/html') ? 'no-cache' : 'public, max-age=300',
  });
  await new Promise<void>((resolve, reject) => {
    createReadStream(path).on('error', reject).pipe(res).on('finish', resolve).on('close', resolve);
  });
  return true;
}

/** Serves the page's `index.html`, or a short note when the page was not built. */
export async function serveIndex(res: ServerResponse, root: string): Promise<void> {
  if (await serveStatic(res, root, 'index.html')) return;
  securityHeaders(res);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  });
  res.end(FALLBACK_HTML);
}
