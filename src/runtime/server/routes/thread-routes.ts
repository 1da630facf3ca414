import type { User } from '../../../gate/app/app-store.js';
import { tooManyStreamsError } from '../../../gate/app/busy-errors.js';
import type { ThreadEvent } from '../../../gate/app/thread-events.js';
import type { FileRecord } from '../../../gate/files/file-status.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { requireUser } from '../auth.js';
import { readJson } from '../read-body.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';
import type { ServerContext } from '../server-context.js';
import { openSse } from '../sse.js';
import { viewFor } from './file-routes.js';

const MAX_MESSAGE = 4000;

function requireParticipant(ctx: ServerContext, user: User, threadId: string): void {
  if (ctx.app.getThread(threadId) === null)
    throw new InvalidInputError('THREAD_NOT_FOUND', `There is no thread ${threadId}; check the link.`, {
      status: 404,
    });
  if (!ctx.app.isParticipant(threadId, user.id))
    throw new InvalidInputError('FORBIDDEN', 'You are not a participant of this thread.', { status: 403 });
}

/** Whether `user` may see `file` in lists and events: the uploader always, others once published. */
function canSee(user: User, file: FileRecord): boolean {
  return file.uploaderId === user.id || file.status === 'published';
}

/** Live-event streams one user may hold open at once, unless the server context says otherwise. */
export const DEFAULT_MAX_STREAMS_PER_USER = 8;

/** `/api/me`, `/api/threads/:id`, its messages and its live events. */
export function threadRoutes(router: Router, ctx: ServerContext): void {
  router.on('GET', '/api/me', ({ req, res }) => {
    const user = requireUser(req, ctx.app);
    sendJson(res, 200, {
      user,
      threads: ctx.app.threadsOf(user.id).map((t) => ({ id: t.id, title: t.title })),
      maxUploadBytes: ctx.maxUploadBytes ?? null,
    });
  });

  router.on('GET', '/api/threads/:id', ({ req, res, params }) => {
    const user = requireUser(req, ctx.app);
    const id = params.id as string;
    requireParticipant(ctx, user, id);
    const thread = ctx.app.getThread(id);
    sendJson(res, 200, {
      id,
      title: thread?.title ?? '',
      participants: ctx.app.participants(id),
      messages: ctx.app.messages(id),
      files: ctx.app
        .filesOf(id)
        .filter((f) => canSee(user, f))
        .map((f) => viewFor(f, user)),
    });
  });

  router.on('POST', '/api/threads/:id/messages', async ({ req, res, params }) => {
    const user = requireUser(req, ctx.app);
    const id = params.id as string;
    requireParticipant(ctx, user, id);
    const body = await readJson(req);
    const text = typeof body.text === 'string' ? body.text.normalize('NFC').trim() : '';
    if (text.length === 0 || text.length > MAX_MESSAGE)
      throw new InvalidInputError('MESSAGE_INVALID', `"text" must be 1 to ${MAX_MESSAGE} characters.`);
    const message = ctx.app.addMessage(id, user.id, text);
    ctx.events.emit(id, { type: 'message.created', message });
    sendJson(res, 201, message);
  });

  // Live-event streams open per user: each holds a socket and a subscription for as long as the
  // client keeps it, so one user opening thousands must not exhaust the server for everyone.
  const streamsOf = new Map<string, number>();
  const maxStreams = ctx.maxStreamsPerUser ?? DEFAULT_MAX_STREAMS_PER_USER;
  router.on('GET', '/api/threads/:id/events', ({ req, res, params }) => {
    const user = requireUser(req, ctx.app);
    const id = params.id as string;
    requireParticipant(ctx, user, id);
    const open = streamsOf.get(user.id) ?? 0;
    if (open >= maxStreams) throw tooManyStreamsError(maxStreams);
    streamsOf.set(user.id, open + 1);
    let unsubscribe = (): void => {};
    const stream = openSse(req, res, () => {
      unsubscribe();
      const left = (streamsOf.get(user.id) ?? 1) - 1;
      if (left <= 0) streamsOf.delete(user.id);
      else streamsOf.set(user.id, left);
    });
    unsubscribe = ctx.events.subscribe(id, (event: ThreadEvent) => {
      if (event.type === 'message.created') {
        stream.send(event.type, event.message);
        return;
      }
      const mine = event.file.uploaderId === user.id;
      // The company learns of a file only when it is published, and when a published one is revoked.
      if (mine || event.type === 'file.published' || event.type === 'file.revoked')
        stream.send(event.type, viewFor(event.file, user));
    });
  });
}
