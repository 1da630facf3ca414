import type { ServerResponse } from 'node:http';
import type { User } from '../../../gate/app/app-store.js';
import type { FileRecord } from '../../../gate/files/file-status.js';
import { toFileView } from '../../../gate/files/file-view.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { requireUser } from '../auth.js';
import { readMultipartFile } from '../multipart-upload.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';
import type { ServerContext } from '../server-context.js';

/** The file as `user` may see it, or 404: the company sees nothing until the file is published. */
export function visibleFile(ctx: ServerContext, user: User, id: string): FileRecord {
  const file = ctx.app.getFile(id);
  const visible =
    file !== null &&
    ctx.app.isParticipant(file.threadId, user.id) &&
    (file.uploaderId === user.id || file.status === 'published');
  if (!visible || file === null)
    throw new InvalidInputError('FILE_NOT_FOUND', `There is no file ${id} you can see.`, { status: 404 });
  return file;
}

/** The file as a FileView for `user`. */
export function viewFor(file: FileRecord, user: User) {
  return toFileView(file, file.uploaderId === user.id ? 'uploader' : 'other');
}

/** `POST /api/threads/:id/files`, `GET /api/files/:id`, `GET /api/files/:id/content`, `POST /api/files/:id/rescan`. */
export function fileRoutes(router: Router, ctx: ServerContext): void {
  router.on('POST', '/api/threads/:threadId/files', async ({ req, res, params }) => {
    const user = requireUser(req, ctx.app);
    const threadId = params.threadId as string;
    ctx.uploads.authorizeUpload(user, threadId);
    const file = await readMultipartFile(req, (filename, body, finished) =>
      ctx.uploads.upload(user, threadId, filename, body, finished),
    );
    sendJson(res, 202, toFileView(file, 'uploader'));
  });

  router.on('GET', '/api/files/:id', ({ req, res, params }) => {
    const user = requireUser(req, ctx.app);
    sendJson(res, 200, viewFor(visibleFile(ctx, user, params.id as string), user));
  });

  router.on('GET', '/api/files/:id/content', async ({ req, res, params }) => {
    const user = requireUser(req, ctx.app);
    const file = visibleFile(ctx, user, params.id as string);
    // Bytes leave quarantine only once published, for everyone including the uploader.
    if (file.status !== 'published')
      throw new InvalidInputError('FILE_NOT_FOUND', `File ${file.id} is not published.`, { status: 404 });
    const body = await ctx.objects.open(file.objectKey);
    res.writeHead(200, {
      // Always octet-stream, never the uploader's claimed type, so a browser renders nothing.
      'content-type': 'application/octet-stream',
      'content-length': file.size,
      'content-disposition': contentDisposition(file.name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
    if (req.method === 'HEAD') {
      (body as { destroy?: () => void }).destroy?.();
      res.end();
      return;
    }
    for await (const chunk of body) {
      // A re-scan may revoke the file while a long download runs: stop sending its bytes then.
      if (ctx.app.getFile(file.id)?.status !== 'published') {
        ctx.logger.info({ fileId: file.id }, 'download cut off: the file is no longer published');
        res.destroy();
        return;
      }
      if (!res.write(chunk)) await drainedOrClosed(res);
      if (res.destroyed) return;
    }
    res.end();
  });

  router.on('POST', '/api/files/:id/rescan', async ({ req, res, params }) => {
    const user = requireUser(req, ctx.app);
    if (user.role !== 'operator' && !ctx.demo)
      throw new InvalidInputError('FORBIDDEN', 'Only an operator can re-scan a file.', { status: 403 });
    const file = ctx.app.getFile(params.id as string);
    if (file === null)
      throw new InvalidInputError('FILE_NOT_FOUND', `There is no file ${params.id}.`, { status: 404 });
    // Queued with the upload scans (bounded concurrency); the answer does not wait for the scan.
    await ctx.uploads.rescan(file.id);
    sendJson(res, 202, { id: file.id, rescanned: true });
  });
}

/**
 * `attachment` with an ASCII `filename` fallback and the exact name as RFC 5987 `filename*`
 * (RFC 6266). Names are already free of control characters (normaliseDisplayName); both forms are
 * escaped again here so no name can end the header or add a parameter.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  // encodeURIComponent leaves ' ( ) * unescaped, which RFC 5987 attr-char does not allow.
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Waits for the socket to take more bytes, or for the client to go away (so a dead download never hangs). */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
