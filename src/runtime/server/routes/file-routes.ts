import type { ServerResponse } from 'node:http';
import { fileAccess } from '../../../gate/app/access-policy.js';
import type { User } from '../../../gate/app/app-store.js';
import { gateErrors } from '../../../gate/app/gate-errors.js';
import type { FileRecord } from '../../../gate/files/file-status.js';
import { toFileView } from '../../../gate/files/file-view.js';
import { readMultipartFile } from '../multipart-upload.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';
import type { ServerContext } from '../server-context.js';

/** The file with what `user` may do with it, or 404 when they may not see it (or it does not exist). */
export function visibleFile(ctx: ServerContext, user: User, id: string) {
  const file = ctx.app.getFile(id);
  const access =
    file === null
      ? null
      : fileAccess({ user, participant: ctx.app.isParticipant(file.threadId, user.id) }, file);
  if (file === null || access === null || !access.see) throw gateErrors.fileNotFound(id);
  return { file, access };
}

/** The file as a FileView for a viewer with this access. */
export function viewFor(file: FileRecord, access: { audience: 'uploader' | 'other' }) {
  return toFileView(file, access.audience);
}

/** `POST /api/threads/:id/files`, `GET /api/files/:id`, `GET /api/files/:id/content`, `POST /api/files/:id/rescan`. */
export function fileRoutes(router: Router, ctx: ServerContext): void {
  router.on('POST', '/api/threads/:threadId/files', 'user', async ({ req, res, params, user }) => {
    const threadId = params.threadId as string;
    ctx.uploads.authorizeUpload(user, threadId);
    const file = await readMultipartFile(req, (filename, body, finished) =>
      ctx.uploads.upload(user, threadId, filename, body, finished),
    );
    sendJson(res, 202, toFileView(file, 'uploader'));
  });

  router.on('GET', '/api/files/:id', 'user', ({ res, params, user }) => {
    const { file, access } = visibleFile(ctx, user, params.id as string);
    sendJson(res, 200, viewFor(file, access));
  });

  router.on('GET', '/api/files/:id/content', 'user', async ({ req, res, params, user }) => {
    const { file, access } = visibleFile(ctx, user, params.id as string);
    if (!access.download) throw gateErrors.fileNotFound(file.id);
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
      const now = ctx.app.getFile(file.id);
      if (now === null || !fileAccess({ user, participant: true }, now).download) {
        ctx.logger.info({ fileId: file.id }, 'download cut off: the file is no longer published');
        res.destroy();
        return;
      }
      if (!res.write(chunk)) await drainedOrClosed(res);
      if (res.destroyed) return;
    }
    res.end();
  });

  router.on('POST', '/api/files/:id/rescan', 'operator', async ({ res, params }) => {
    const id = params.id as string;
    // Queued with the upload scans (bounded concurrency); the answer does not wait for the scan.
    await ctx.uploads.rescan(id);
    sendJson(res, 202, { id, rescanned: true });
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
