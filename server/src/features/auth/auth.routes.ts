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
import {
  sendExistingAccountMail,
  sendPasswordResetMail,
  sendSignupConfirmationMail,
} from './mailer.ts';
import { confirmSignup, requestSignup, signupLinkExpiry } from './signup.service.ts';
import { hashToken } from './tokens.ts';
import { acceptInvitationByHash, previewInvitation } from '../members/members.service.ts';

/** Sign-up e-mails one address may receive per hour (a re-sent link counts). */
export const SIGNUP_MAILS_PER_HOUR = 5;

const email = Type.String({ format: 'email', maxLength: 254 });
const password = Type.String({ minLength: 8, maxLength: 200 });
const name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const UserReply = Type.Object({ user: userSchema });

export default async function authRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const loginFailures = app.brake('login', app.config.loginFailuresPerMinute, 60_000);
  const signups = app.brake('signup', app.config.signupsPerHour, 60 * 60_000);
  // Sign-up e-mails (confirmation or "you already have an account") per address.
  const signupMails = app.brake('signup-mail', SIGNUP_MAILS_PER_HOUR, 60 * 60_000);

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
        summary:
          'Créer un compte (avec SMTP : un lien de confirmation part par e-mail, la réponse ne dit pas si l’adresse a déjà un compte)',
        body: Type.Object(
          {
            email,
            password,
            name,
            invitation: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 100,
                description: 'Le jeton du lien d’invitation par lequel la personne s’inscrit',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: UserReply,
          202: Type.Object({
            status: Type.Literal('confirmation_sent', {
              description:
                'Un e-mail est parti vers l’adresse : un lien de confirmation, ou, si elle a déjà un compte, le moyen de se connecter',
            }),
          }),
          ...errorReplies(400, 404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      await takeSignup(request, reply);
      const { invitation, ...input } = request.body;
      // A bogus invitation is refused before anything else (it says nothing about the address).
      if (invitation !== undefined) await previewInvitation(app.db, invitation);
      if (!app.config.smtpUrl) {
        // No e-mail can prove the address: the account and its session are created at once, and a
        // taken address is refused (decision 0020). The client joins the invitation itself.
        const user = await createUser(app.db, input);
        await startSession(reply, user.id);
        return reply.status(201).send({ user });
      }
      // Mails to one address are limited; over the limit the answer stays the same, nothing is sent.
      const mailAllowed = (await signupMails.take(request, input.email.trim().toLowerCase()))
        .allowed;
      const pending = await requestSignup(
        app.db,
        input,
        invitation === undefined ? null : hashToken(invitation),
        mailAllowed,
      );
      let mail: Promise<void>;
      if (pending.kind === 'new') {
        mail = pending.token
          ? sendSignupConfirmationMail(
              app.config,
              { email: input.email.trim(), name: input.name.trim() },
              publicLink(app, request, `/inscription/${pending.token}`),
            )
          : Promise.resolve();
      } else if (mailAllowed) {
        // One row written, as for a new address.
        const token = await createPasswordReset(app.db, pending.user.id);
        mail = sendExistingAccountMail(app.config, pending.user, {
          signIn: publicLink(app, request, '/connexion'),
          reset: resetUrl(app, request, token),
          ...(invitation === undefined
            ? {}
            : { invitation: publicLink(app, request, `/invitation/${invitation}`) }),
        });
      } else mail = Promise.resolve();
      // Not awaited: how long the SMTP server takes must not tell the two cases apart.
      void mail.catch((error: unknown) => request.log.error({ err: error }, 'sign-up mail failed'));
      return reply.status(202).send({ status: 'confirmation_sent' as const });
    },
  );

  app.post(
    '/auth/signup/confirm',
    {
      schema: {
        tags: ['comptes'],
        summary:
          'Confirmer une inscription avec le lien reçu par e-mail : crée le compte et la session (et rejoint l’organisation de l’invitation)',
        body: Type.Object(
          {
            token: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            user: userSchema,
            organisationId: Type.Union([Type.String(), Type.Null()], {
              description:
                'L’organisation rejointe par l’invitation, s’il y en avait une encore valable',
            }),
          }),
          ...errorReplies(400, 409, 429),
        },
      },
    },
    async (request, reply) => {
      // Wrong passwords count like sign-in failures, per link (only the mailbox holds the link).
      const giveBack = await takeAttempts(request, reply, [
        `signup-link:${hashToken(request.body.token)}`,
      ]);
      const { user, invitationHash } = await confirmSignup(
        app.db,
        request.body.token,
        request.body.password,
      );
      await giveBack();
      await startSession(reply, user.id);
      let organisationId: string | null = null;
      if (invitationHash) {
        // The invitation may have expired or been revoked meanwhile: the account stays, unjoined.
        organisationId = await acceptInvitationByHash(app.db, invitationHash, user.id).then(
          (joined) => joined.organisationId,
          () => null,
        );
      }
      return { user, organisationId };
    },
  );

  app.post(
    '/auth/signup/check',
    {
      schema: {
        tags: ['comptes'],
        summary:
          'Vérifier qu’un lien de confirmation d’inscription est encore valable (sans l’utiliser)',
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ expiresAt: Type.String({ format: 'date-time' }) }),
          ...errorReplies(400),
        },
      },
    },
    async (request) => ({ expiresAt: await signupLinkExpiry(app.db, request.body.token) }),
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
