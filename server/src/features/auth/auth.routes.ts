import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Role } from '@pilotis/shared';
import { AppError } from '../../errors.ts';
import { clearSessionCookie, requireAuth, setSessionCookie } from '../../plugins/auth.plugin.ts';
import { errorReplies, noContent, roleSchema, userSchema } from '../schemas.ts';
import { tooMany } from '../../plugins/rate-limit.plugin.ts';
import {
  changePassword,
  checkCredentials,
  createPasswordReset,
  createSession,
  createUser,
  deleteSession,
  findUserByEmail,
  invalidCredentials,
  resetPassword,
  verifyUserPassword,
} from './auth.service.ts';
import { sendPasswordResetMail } from './mailer.ts';

const email = Type.String({ format: 'email', maxLength: 254 });
const password = Type.String({ minLength: 8, maxLength: 200 });
const name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const UserReply = Type.Object({ user: userSchema });

export default async function authRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const loginFailures = app.brake('login', app.config.loginFailuresPerMinute, 60_000);
  const signups = app.brake('signup', app.config.signupsPerHour, 60 * 60_000);

  /**
   * Count one attempt on every key before checking a password (so simultaneous guesses cannot
   * slip past the count); 429 when any key is spent. A success gives its attempts back.
   */
  const takeAttempts = async (request: FastifyRequest, reply: FastifyReply, keys: string[]) => {
    const results = await Promise.all(keys.map((key) => loginFailures.take(request, key)));
    const blocked = results.find((result) => !result.allowed);
    if (blocked) tooMany(reply, blocked);
    return () => Promise.all(keys.map((key) => loginFailures.giveBack(request, key)));
  };
  const takeSignup = async (request: FastifyRequest, reply: FastifyReply) => {
    const result = await signups.take(request, request.ip);
    if (!result.allowed) tooMany(reply, result);
  };

  const startSession = async (reply: FastifyReply, userId: string) => {
    const session = await createSession(app.db, userId);
    setSessionCookie(app, reply, session.token, session.expiresAt);
  };

  app.post(
    '/auth/signup',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Créer un compte',
        body: Type.Object({ email, password, name }, { additionalProperties: false }),
        response: { 201: UserReply, ...errorReplies(400, 409, 429) },
      },
    },
    async (request, reply) => {
      await takeSignup(request, reply);
      const user = await createUser(app.db, request.body);
      await startSession(reply, user.id);
      return reply.status(201).send({ user });
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Se connecter',
        body: Type.Object(
          { email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: UserReply, ...errorReplies(400, 401, 429) },
      },
    },
    async (request, reply) => {
      // Counted before the password is checked, per address and per account (issue 18 #8).
      const keys = [`ip:${request.ip}`, `account:${request.body.email.trim().toLowerCase()}`];
      const giveBack = await takeAttempts(request, reply, keys);
      const user = await checkCredentials(app.db, request.body.email, request.body.password);
      if (!user) throw invalidCredentials();
      await giveBack();
      await startSession(reply, user.id);
      return { user };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['comptes'], summary: 'Se déconnecter', response: { 204: noContent } } },
    async (request, reply) => {
      if (request.auth) {
        await deleteSession(app.db, request.auth.tokenHash);
        app.collabSockets.closeSession(request.auth.tokenHash);
      }
      clearSessionCookie(app, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Moi et mes organisations',
        response: {
          200: Type.Object({
            user: userSchema,
            organisations: Type.Array(
              Type.Object({ id: Type.String(), name: Type.String(), role: roleSchema }),
            ),
          }),
          ...errorReplies(401),
        },
      },
    },
    async (request) => {
      const { user } = requireAuth(request);
      const organisations = await app.db.query<{ id: string; name: string; role: Role }>(
        `SELECT o.id, o.name, m.role FROM memberships m JOIN organisations o ON o.id = m.organisation_id
          WHERE m.user_id = $1 ORDER BY o.name`,
        [user.id],
      );
      return { user, organisations };
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Changer de mot de passe',
        body: Type.Object(
          { currentPassword: Type.String({ maxLength: 200 }), newPassword: password },
          { additionalProperties: false },
        ),
        response: { 204: noContent, ...errorReplies(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const session = requireAuth(request);
      const keys = [`ip:${request.ip}`, `account:${session.user.email.toLowerCase()}`];
      const giveBack = await takeAttempts(request, reply, keys);
      if (!(await verifyUserPassword(app.db, session.user.id, request.body.currentPassword))) {
        throw new AppError(400, 'wrong_password', 'Le mot de passe actuel est incorrect.');
      }
      await giveBack();
      await changePassword(app.db, session.user.id, request.body.newPassword, session.tokenHash);
      // Sessions signed out by the change lose their live sockets too.
      app.collabSockets.closeUser(session.user.id, session.tokenHash);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password-reset/request',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Demander un lien de réinitialisation (envoyé par e-mail si SMTP est configuré)',
        body: Type.Object({ email }, { additionalProperties: false }),
        response: {
          202: Type.Object({
            smtp: Type.Boolean({ description: 'Un e-mail part si le serveur sait en envoyer' }),
          }),
          ...errorReplies(400, 429),
        },
      },
    },
    async (request, reply) => {
      await takeSignup(request, reply);
      const user = await findUserByEmail(app.db, request.body.email);
      // Same answer whether or not the address has an account.
      if (user && app.config.smtpUrl) {
        const token = await createPasswordReset(app.db, user.id);
        await sendPasswordResetMail(app.config, user, resetUrl(app, request, token)).catch(
          (error: unknown) => request.log.error({ err: error }, 'password reset mail failed'),
        );
      }
      return reply.status(202).send({ smtp: !!app.config.smtpUrl });
    },
  );

  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Choisir un nouveau mot de passe avec un lien de réinitialisation',
        body: Type.Object(
          { token: Type.String({ maxLength: 100 }), newPassword: password },
          { additionalProperties: false },
        ),
        response: { 204: noContent, ...errorReplies(400, 404) },
      },
    },
    async (request, reply) => {
      const userId = await resetPassword(app.db, request.body.token, request.body.newPassword);
      app.collabSockets.closeUser(userId);
      return reply.status(204).send(null);
    },
  );
}

/** The public link of a page, from PUBLIC_URL or the address the request came to. */
export function publicLink(app: FastifyInstance, request: FastifyRequest, path: string): string {
  const base =
    app.config.publicUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;
  return new URL(path, base).toString();
}

export function resetUrl(app: FastifyInstance, request: FastifyRequest, token: string): string {
  return publicLink(app, request, `/mot-de-passe/${token}`);
}
