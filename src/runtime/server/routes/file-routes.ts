import type { User } from '../../../adapters/sqlite/app-store.js';
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
    ctx.gate.authorizeUpload(user, threadId);
    const file = await readMultipartFile(req, (filename, body) =>
      ctx.gate.upload(user, threadId, filename, body),
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
      'content-type': 'application/octet-stream',
      'content-length': file.size,
      'content-disposition': `attachment; filename="${asciiFallback(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    for await (const chunk of body) if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    res.end();
  });

  router.on('POST', '/api/files/:id/rescan', async ({ req, res, params }) => {
    const user = requireUser(req, ctx.app);
    if (user.role !== 'operator' && !ctx.demo)
      throw new InvalidInputError('FORBIDDEN', 'Only an operator can re-scan a file.', { status: 403 });
    const file = ctx.app.getFile(params.id as string);
    if (file === null)
      throw new InvalidInputError('FILE_NOT_FOUND', `There is no file ${params.id}.`, { status: 404 });
    await ctx.gate.rescan(file.id);
    sendJson(res, 202, { id: file.id, rescanned: true });
  });
}

function asciiFallback(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}
