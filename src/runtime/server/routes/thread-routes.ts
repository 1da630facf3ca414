import { assertThreadMember, fileAccess, hearsEvent } from '../../../gate/app/access-policy.js';
import type { User } from '../../../gate/app/app-store.js';
import { gateErrors } from '../../../gate/app/gate-errors.js';
import type { ThreadEvent } from '../../../gate/app/thread-events.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { readJson } from '../read-body.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';
import type { ServerContext } from '../server-context.js';
import { openSse } from '../sse.js';
import { viewFor } from './file-routes.js';

const MAX_MESSAGE = 4000;

function requireParticipant(ctx: ServerContext, user: User, threadId: string): void {
  assertThreadMember(threadId, ctx.app.getThread(threadId), ctx.app.isParticipant(threadId, user.id));
}

/** Live-event streams one user may hold open at once, unless the server context says otherwise. */
export const DEFAULT_MAX_STREAMS_PER_USER = 8;

/** `/api/me`, `/api/threads/:id`, its messages and its live events. */
export function threadRoutes(router: Router, ctx: ServerContext): void {
  router.on('GET', '/api/me', 'user', ({ res, user }) => {
    sendJson(res, 200, {
      user,
      threads: ctx.app.threadsOf(user.id).map((t) => ({ id: t.id, title: t.title })),
      maxUploadBytes: ctx.maxUploadBytes ?? null,
    });
  });

  router.on('GET', '/api/threads/:id', 'user', ({ res, params, user }) => {
    const id = params.id as string;
    requireParticipant(ctx, user, id);
    const thread = ctx.app.getThread(id);
    sendJson(res, 200, {
      id,
      title: thread?.title ?? '',
      participants: ctx.app.participants(id),
      messages: ctx.app.messages(id),
      files: ctx.app.filesOf(id).flatMap((f) => {
        const access = fileAccess({ user, participant: true }, f);
        return access.see ? [viewFor(f, access)] : [];
      }),
    });
  });

  router.on('POST', '/api/threads/:id/messages', 'user', async ({ req, res, params, user }) => {
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
  router.on('GET', '/api/threads/:id/events', 'user', ({ req, res, params, user }) => {
    const id = params.id as string;
    requireParticipant(ctx, user, id);
    const open = streamsOf.get(user.id) ?? 0;
    if (open >= maxStreams) throw gateErrors.eventStreamsLimit(maxStreams);
    streamsOf.set(user.id, open + 1);
    let unsubscribe = (): void => {};
    const stream = openSse(req, res, () => {
      unsubscribe();
      const left = (streamsOf.get(user.id) ?? 1) - 1;
      if (left <= 0) streamsOf.delete(user.id);
      else streamsOf.set(user.id, left);
    });
    // The subscription exists only after the participant check, so `participant` is true here.
    const viewer = { user, participant: true };
    unsubscribe = ctx.events.subscribe(id, (event: ThreadEvent) => {
      if (!hearsEvent(viewer, event)) return;
      if (event.type === 'message.created') stream.send(event.type, event.message);
      else stream.send(event.type, viewFor(event.file, fileAccess(viewer, event.file)));
    });
  });
}
