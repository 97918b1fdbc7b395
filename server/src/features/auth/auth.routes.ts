import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@pilotis/shared';
import { AppError } from '../../errors.ts';
import { clearSessionCookie, requireAuth, setSessionCookie } from '../../plugins/auth.plugin.ts';
import { errorSchema } from '../schemas.ts';
import { AttemptLimiter } from './attempt-limiter.ts';
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

const email = { type: 'string', format: 'email', maxLength: 254 } as const;
const password = { type: 'string', minLength: 8, maxLength: 200 } as const;
const name = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;
const userSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'email', 'name'],
} as const;

function tooMany(reply: FastifyReply, seconds: number): never {
  reply.header('retry-after', String(seconds));
  throw new AppError(429, 'too_many_requests', 'Trop de tentatives : réessayez dans une minute.');
}

export default async function authRoutes(app: FastifyInstance): Promise<void> {
  const loginFailures = new AttemptLimiter(app.config.loginFailuresPerMinute, 60_000);
  const signups = new AttemptLimiter(app.config.signupsPerHour, 60 * 60_000);

  /** Count one attempt on every key before checking a password; 429 when any key is spent. */
  const takeAttempts = (reply: FastifyReply, keys: string[]) => {
    const blocked = keys.find((key) => loginFailures.isBlocked(key));
    if (blocked) tooMany(reply, loginFailures.retryAfterSeconds(blocked));
    for (const key of keys) loginFailures.record(key);
  };

  const startSession = async (reply: FastifyReply, userId: string) => {
    const session = await createSession(app.db, userId);
    setSessionCookie(app, reply, session.token, session.expiresAt);
  };

  app.post<{ Body: { email: string; password: string; name: string } }>(
    '/auth/signup',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Créer un compte',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['email', 'password', 'name'],
          properties: { email, password, name },
        },
        response: {
          201: { type: 'object', properties: { user: userSchema } },
          400: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      if (signups.isBlocked(request.ip)) tooMany(reply, signups.retryAfterSeconds(request.ip));
      signups.record(request.ip);
      const user = await createUser(app.db, request.body);
      await startSession(reply, user.id);
      return reply.status(201).send({ user });
    },
  );

  app.post<{ Body: { email: string; password: string } }>(
    '/auth/login',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Se connecter',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['email', 'password'],
          properties: {
            email: { type: 'string', maxLength: 254 },
            password: { type: 'string', maxLength: 200 },
          },
        },
        response: {
          200: { type: 'object', properties: { user: userSchema } },
          401: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      // Counted before the password is checked, per address and per account (issue 18 #8).
      const keys = [`ip:${request.ip}`, `account:${request.body.email.trim().toLowerCase()}`];
      takeAttempts(reply, keys);
      const user = await checkCredentials(app.db, request.body.email, request.body.password);
      if (!user) throw invalidCredentials();
      for (const key of keys) loginFailures.release(key);
      await startSession(reply, user.id);
      return { user };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['comptes'], summary: 'Se déconnecter' } },
    async (request, reply) => {
      if (request.auth) {
        await deleteSession(app.db, request.auth.tokenHash);
        app.collabSockets.closeSession(request.auth.tokenHash);
      }
      clearSessionCookie(app, reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Moi et mes organisations',
        response: {
          200: {
            type: 'object',
            properties: {
              user: userSchema,
              organisations: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    name: { type: 'string' },
                    role: { type: 'string' },
                  },
                },
              },
            },
          },
          401: errorSchema,
        },
      },
    },
    async (request: FastifyRequest) => {
      const { user } = requireAuth(request);
      const organisations = await app.db.query<{ id: string; name: string; role: Role }>(
        `SELECT o.id, o.name, m.role FROM memberships m JOIN organisations o ON o.id = m.organisation_id
          WHERE m.user_id = $1 ORDER BY o.name`,
        [user.id],
      );
      return { user, organisations };
    },
  );

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/auth/password',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Changer de mot de passe',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['currentPassword', 'newPassword'],
          properties: {
            currentPassword: { type: 'string', maxLength: 200 },
            newPassword: password,
          },
        },
      },
    },
    async (request, reply) => {
      const session = requireAuth(request);
      const keys = [`ip:${request.ip}`, `account:${session.user.email.toLowerCase()}`];
      takeAttempts(reply, keys);
      if (!(await verifyUserPassword(app.db, session.user.id, request.body.currentPassword))) {
        throw new AppError(400, 'wrong_password', 'Le mot de passe actuel est incorrect.');
      }
      for (const key of keys) loginFailures.release(key);
      await changePassword(app.db, session.user.id, request.body.newPassword, session.tokenHash);
      // Sessions signed out by the change lose their live sockets too.
      app.collabSockets.closeUser(session.user.id, session.tokenHash);
      return reply.status(204).send();
    },
  );

  app.post<{ Body: { email: string } }>(
    '/auth/password-reset/request',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Demander un lien de réinitialisation (envoyé par e-mail si SMTP est configuré)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['email'],
          properties: { email },
        },
      },
    },
    async (request, reply) => {
      if (signups.isBlocked(request.ip)) tooMany(reply, signups.retryAfterSeconds(request.ip));
      signups.record(request.ip);
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

  app.post<{ Body: { token: string; newPassword: string } }>(
    '/auth/password-reset',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Choisir un nouveau mot de passe avec un lien de réinitialisation',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['token', 'newPassword'],
          properties: { token: { type: 'string', maxLength: 100 }, newPassword: password },
        },
      },
    },
    async (request, reply) => {
      const userId = await resetPassword(app.db, request.body.token, request.body.newPassword);
      app.collabSockets.closeUser(userId);
      return reply.status(204).send();
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
