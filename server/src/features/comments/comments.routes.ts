/**
 * Comment threads (API.md: GET/POST /cycles/:cycleId/threads, POST /threads/:threadId/messages,
 * POST /threads/:threadId/resolve and /reopen) plus editing and deleting one's own messages,
 * read markers, the inbox, mail settings and the threads frozen with a version.
 *
 * Access: lecteur reads, commentateur and up post (no write access to the document needed), a
 * non-member or a foreign id gets a 404 on every route; resolving is for the thread's author, a
 * membre or a pilote. Every change is announced live on the cycle's document.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { can } from '@pilotis/shared';
import { notFound } from '../../errors.ts';
import { requireAuth } from '../../plugins/auth.plugin.ts';
import { tooMany } from '../../plugins/rate-limit.plugin.ts';
import { readableCycle } from '../cycles/cycles.routes.ts';
import { readCurrentCycle } from '../cycles/cycles.service.ts';
import { forbidden, requireAccess } from '../members/access.ts';
import { isUuid } from '../schemas.ts';
import { broadcastThreadChange, type CommentsEvent } from './comments.live.ts';
import {
  inbox,
  mailEnabled,
  markInboxRead,
  sendDueDigests,
  setMailEnabled,
} from './comments.notifications.ts';
import {
  CycleParams,
  ErrorBody,
  InboxSchema,
  MailSettingsSchema,
  MarkReadBody,
  MessageParams,
  MessageSchema,
  NewMessageBody,
  NewThreadBody,
  ThreadParams,
  ThreadSchema,
  VersionParams,
  VersionThreadsSchema,
} from './comments.schemas.ts';
import { markThreadPassage } from './comments.passages.ts';
import {
  addMessage,
  checkBody,
  createThread,
  deleteMessage,
  editMessage,
  findThread,
  listThreads,
  markRead,
  setResolved,
  syncAnchors,
  threadOwner,
  type Thread,
} from './comments.service.ts';
import { versionThreads } from './comments.versions.ts';

/** Messages (new threads included) one person may post per minute. */
export const MESSAGES_PER_MINUTE = 30;
/** How often due e-mail digests are looked for. */
const DIGEST_SWEEP_MS = 60_000;

export default async function commentRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = { db: app.db, documents: app.documents, hocuspocus: app.hocuspocus };
  const limiter = app.brake('comments', MESSAGES_PER_MINUTE, 60_000);
  const redis = app.collabRedis;

  const sweep = setInterval(() => {
    sendDueDigests(app.db, app.config).catch((error: unknown) =>
      app.log.warn({ err: error }, 'comment digest failed'),
    );
  }, DIGEST_SWEEP_MS);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));

  /** Count a post against the person's allowance; a 429 in French once it is used up. */
  const throttle = async (request: FastifyRequest, userId: string, reply: FastifyReply) => {
    const result = await limiter.take(request, userId);
    if (!result.allowed) {
      tooMany(
        reply,
        result,
        'too_many_messages',
        'Trop de messages envoyés en peu de temps : réessayez dans une minute.',
      );
    }
  };

  /** The thread's owner cycle after checking the caller's role there (404 for outsiders). */
  const threadAccess = async (
    request: FastifyRequest,
    threadId: string,
    permission: 'cycle.read' | 'cycle.comment',
  ) => {
    requireAuth(request);
    const owner = await threadOwner(app.db, threadId);
    const access = await requireAccess(
      app.db,
      request,
      owner.organisationId,
      permission,
      'Fil de discussion introuvable.',
    );
    return { ...owner, ...access };
  };

  const announce = (documentName: string, threadId: string, event: CommentsEvent) =>
    broadcastThreadChange(app.hocuspocus, documentName, { threadId, event }, { redis });

  const threadFor = async (threadId: string, userId: string): Promise<Thread> => {
    const thread = await findThread(app.db, threadId, userId);
    if (!thread) throw notFound('Fil de discussion introuvable.');
    return thread;
  };

  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

  app.get(
    '/cycles/:cycleId/threads',
    {
      schema: {
        tags: ['comments'],
        summary: 'Les fils de discussion d’un cycle (avec leurs messages)',
        params: CycleParams,
        response: { 200: Type.Array(ThreadSchema), ...errors },
      },
    },
    async (request) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.read');
      await syncAnchors(app.db, cycle.id, await readCurrentCycle(deps, cycle));
      return listThreads(app.db, cycle.id, cycle.userId);
    },
  );

  app.post(
    '/cycles/:cycleId/threads',
    {
      schema: {
        tags: ['comments'],
        summary: 'Ouvrir un fil sur une ligne, un thème, une action, une section ou un passage',
        params: CycleParams,
        body: NewThreadBody,
        response: { 201: ThreadSchema, 429: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.comment');
      await throttle(request, cycle.userId, reply);
      const model = await readCurrentCycle(deps, cycle);
      const { anchor } = request.body;
      // Checked before the passage is marked: a refused message leaves the text untouched.
      checkBody(request.body.body);
      const passage =
        anchor.kind === 'passage'
          ? await markThreadPassage(app.hocuspocus, {
              documentName: cycle.documentName,
              model,
              sectionId: anchor.id,
              passage: request.body.passage,
            })
          : undefined;
      const threadId = await createThread(app.db, {
        cycleId: cycle.id,
        organisationId: cycle.organisationId,
        model,
        anchor,
        body: request.body.body,
        authorId: cycle.userId,
        passage,
      });
      await announce(cycle.documentName, threadId, 'thread');
      return reply.status(201).send(await threadFor(threadId, cycle.userId));
    },
  );

  app.get(
    '/threads/:threadId',
    {
      schema: {
        tags: ['comments'],
        summary: 'Un fil de discussion',
        params: ThreadParams,
        response: { 200: ThreadSchema, ...errors },
      },
    },
    async (request) => {
      const access = await threadAccess(request, request.params.threadId, 'cycle.read');
      return threadFor(request.params.threadId, access.userId);
    },
  );

  app.post(
    '/threads/:threadId/messages',
    {
      schema: {
        tags: ['comments'],
        summary: 'Répondre dans un fil',
        params: ThreadParams,
        body: NewMessageBody,
        response: { 201: MessageSchema, 429: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const access = await threadAccess(request, request.params.threadId, 'cycle.comment');
      await throttle(request, access.userId, reply);
      const message = await addMessage(app.db, {
        threadId: request.params.threadId,
        cycleId: access.cycleId,
        organisationId: access.organisationId,
        authorId: access.userId,
        body: request.body.body,
      });
      await announce(access.documentName, request.params.threadId, 'message');
      return reply.status(201).send(message);
    },
  );

  app.patch(
    '/threads/:threadId/messages/:messageId',
    {
      schema: {
        tags: ['comments'],
        summary: 'Modifier son propre message',
        params: MessageParams,
        body: NewMessageBody,
        response: { 200: ThreadSchema, ...errors },
      },
    },
    async (request) => {
      const access = await threadAccess(request, request.params.threadId, 'cycle.comment');
      await editMessage(app.db, {
        threadId: request.params.threadId,
        messageId: request.params.messageId,
        organisationId: access.organisationId,
        cycleId: access.cycleId,
        userId: access.userId,
        body: request.body.body,
      });
      await announce(access.documentName, request.params.threadId, 'edit');
      return threadFor(request.params.threadId, access.userId);
    },
  );

  app.delete(
    '/threads/:threadId/messages/:messageId',
    {
      schema: {
        tags: ['comments'],
        summary: 'Supprimer son propre message (« message supprimé » reste dans le fil)',
        params: MessageParams,
        response: { 200: ThreadSchema, ...errors },
      },
    },
    async (request) => {
      const access = await threadAccess(request, request.params.threadId, 'cycle.comment');
      await deleteMessage(app.db, {
        threadId: request.params.threadId,
        messageId: request.params.messageId,
        userId: access.userId,
      });
      await announce(access.documentName, request.params.threadId, 'edit');
      return threadFor(request.params.threadId, access.userId);
    },
  );

  for (const action of ['resolve', 'reopen'] as const) {
    app.post(
      `/threads/:threadId/${action}`,
      {
        schema: {
          tags: ['comments'],
          summary:
            action === 'resolve'
              ? 'Résoudre un fil (son auteur, un membre ou un pilote)'
              : 'Rouvrir un fil (son auteur, un membre ou un pilote)',
          params: ThreadParams,
          response: { 200: ThreadSchema, ...errors },
        },
      },
      async (request: FastifyRequest<{ Params: { threadId: string } }>) => {
        const access = await threadAccess(request, request.params.threadId, 'cycle.comment');
        if (access.createdBy !== access.userId && !can(access.role, 'cycle.edit')) {
          throw forbidden();
        }
        await setResolved(app.db, {
          threadId: request.params.threadId,
          cycleId: access.cycleId,
          userId: access.userId,
          resolved: action === 'resolve',
          createdBy: access.createdBy,
        });
        await announce(access.documentName, request.params.threadId, 'status');
        return threadFor(request.params.threadId, access.userId);
      },
    );
  }

  app.post(
    '/threads/:threadId/read',
    {
      schema: {
        tags: ['comments'],
        summary: 'Marquer un fil comme lu',
        params: ThreadParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const access = await threadAccess(request, request.params.threadId, 'cycle.read');
      await markRead(app.db, request.params.threadId, access.userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/notifications',
    {
      schema: {
        tags: ['comments'],
        summary: 'Boîte de réception : mentions, réponses à mes fils, résolutions',
        response: { 200: InboxSchema, 401: ErrorBody },
      },
    },
    async (request) => inbox(app.db, requireAuth(request).user.id),
  );

  app.post(
    '/me/notifications/read',
    {
      schema: {
        tags: ['comments'],
        summary: 'Marquer des entrées (toutes sans ids) comme lues',
        body: MarkReadBody,
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      await markInboxRead(app.db, requireAuth(request).user.id, request.body.ids);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/comment-settings',
    {
      schema: {
        tags: ['comments'],
        summary: 'Réglages des e-mails de commentaires',
        response: { 200: MailSettingsSchema, 401: ErrorBody },
      },
    },
    async (request) => ({ mail: await mailEnabled(app.db, requireAuth(request).user.id) }),
  );

  app.put(
    '/me/comment-settings',
    {
      schema: {
        tags: ['comments'],
        summary: 'Activer ou couper les e-mails de commentaires',
        body: MailSettingsSchema,
        response: { 200: MailSettingsSchema, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const userId = requireAuth(request).user.id;
      await setMailEnabled(app.db, userId, request.body.mail);
      return { mail: request.body.mail };
    },
  );

  app.get(
    '/versions/:versionId/threads',
    {
      schema: {
        tags: ['comments'],
        summary: 'Les fils de discussion tels qu’ils étaient quand la version a été figée',
        params: VersionParams,
        response: { 200: VersionThreadsSchema, ...errors },
      },
    },
    async (request) => {
      requireAuth(request);
      if (!isUuid(request.params.versionId)) throw notFound('Version introuvable.');
      const [row] = await app.db.query<{ organisation_id: string; created_at: Date | string }>(
        `SELECT c.organisation_id, v.created_at FROM versions v JOIN cycles c ON c.id = v.cycle_id
          WHERE v.id = $1`,
        [request.params.versionId],
      );
      if (!row) throw notFound('Version introuvable.');
      await requireAccess(
        app.db,
        request,
        row.organisation_id,
        'cycle.read',
        'Version introuvable.',
      );
      return {
        versionId: request.params.versionId,
        frozenAt: new Date(row.created_at).toISOString(),
        threads: await versionThreads(app.db, request.params.versionId),
      };
    },
  );
}
