/**
 * One's own account: change one's name; change one's e-mail address (confirmed by a link sent to
 * the new address when SMTP is configured — until then the old address signs in); delete one's
 * account (their text stays in the documents, where the set-up names them "Ancien membre"; their
 * sign-in is removed and their sockets closed).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import nodemailer from 'nodemailer';
import { DEFAULT_SMTP_FROM } from '../../config.ts';
import { renamePerson } from '@pilotis/shared';
import { errorSchema } from '../schemas.ts';
import { AppError, badRequest, conflict, notFound } from '../../errors.ts';
import { clearSessionCookie, requireAuth } from '../../plugins/auth.plugin.ts';
import { publicLink } from '../auth/auth.routes.ts';
import { verifyUserPassword } from '../auth/auth.service.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { editLiveCycle } from '../cycles/live-cycle.ts';

/** How the set-up names a person whose account was deleted. */
export const FORMER_MEMBER = 'Ancien membre';
/** An e-mail confirmation link lives this long. */
const CONFIRM_HOURS = 24;

/** Printable text only: no control, bidi-override or zero-width characters. */
const PLAIN = /^[^\p{Cc}\p{Cf}\p{Cs}]*$/u;
const EMAIL = /^[^\s@\p{C}]+@[^\s@\p{C}]+\.[^\s@\p{C}]+$/u;

const User = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() });
const Errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 409: errorSchema } as const;

const wrongPassword = () =>
  new AppError(403, 'wrong_password', 'Mot de passe incorrect : rien n’a été changé.');

/** Renames `userId` in the set-up of every cycle of `organisationIds` (through Hocuspocus). */
async function renameInCycles(
  app: FastifyInstance,
  organisationIds: string[],
  userId: string,
  name: string,
): Promise<void> {
  if (organisationIds.length === 0) return;
  const cycles = await app.db.query<{ document_name: string }>(
    'SELECT document_name FROM cycles WHERE organisation_id = ANY($1::uuid[])',
    [organisationIds],
  );
  for (const cycle of cycles) {
    await editLiveCycle(app.hocuspocus, cycle.document_name, (doc) =>
      renamePerson(doc, userId, name),
    );
  }
}

async function organisationsOf(app: FastifyInstance, userId: string): Promise<string[]> {
  const rows = await app.db.query<{ organisation_id: string }>(
    'SELECT organisation_id FROM memberships WHERE user_id = $1',
    [userId],
  );
  return rows.map((row) => row.organisation_id);
}

/** PATCH name, POST/confirm e-mail change, DELETE account — under /api, for the signed-in person. */
export default async function accountRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.patch(
    '/account',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Changer mon nom',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: User }), ...Errors },
      },
    },
    async (request) => {
      const { user } = requireAuth(request);
      const name = request.body.name.trim();
      if (!name || !PLAIN.test(name)) {
        throw badRequest('invalid_name', 'Ce nom ne peut pas être utilisé.');
      }
      await app.db.query('UPDATE users SET name = $2 WHERE id = $1', [user.id, name]);
      await renameInCycles(app, await organisationsOf(app, user.id), user.id, name);
      return { user: { ...user, name } };
    },
  );

  app.post(
    '/account/email',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Changer mon adresse e-mail (confirmée par un lien envoyé à la nouvelle)',
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ user: User, confirmationSent: Type.Literal(false) }),
          202: Type.Object({ confirmationSent: Type.Literal(true) }),
          ...Errors,
        },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const email = request.body.email.trim();
      if (!EMAIL.test(email)) {
        throw badRequest('invalid_email', 'Cette adresse e-mail n’est pas valable.');
      }
      if (!(await verifyUserPassword(app.db, user.id, request.body.password))) {
        throw wrongPassword();
      }
      if (!app.config.smtpUrl) {
        // No e-mail can be sent: the change applies at once (the password was checked).
        await applyEmail(app, user.id, email);
        return reply.status(200).send({ user: { ...user, email }, confirmationSent: false });
      }
      const token = newToken();
      await app.db.query('DELETE FROM email_changes WHERE user_id = $1', [user.id]);
      await app.db.query(
        `INSERT INTO email_changes (token_hash, user_id, new_email, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
        [hashToken(token), user.id, email, CONFIRM_HOURS],
      );
      const link = publicLink(app, request, `/compte/adresse/${token}`);
      const transport = nodemailer.createTransport(app.config.smtpUrl);
      await transport
        .sendMail({
          from: app.config.smtpFrom ?? DEFAULT_SMTP_FROM,
          to: email,
          subject: 'Pilotis — confirmez votre nouvelle adresse e-mail',
          text: [
            `Bonjour ${user.name},`,
            '',
            'Pour utiliser cette adresse pour vous connecter à Pilotis, ouvrez ce lien (valable 24 heures) :',
            link,
            '',
            'Jusque-là, votre ancienne adresse reste celle de votre compte.',
            'Si vous n’avez rien demandé, ignorez ce message.',
          ].join('\n'),
        })
        .catch((error: unknown) => {
          request.log.warn({ err: error }, 'e-mail change confirmation not sent');
          throw new AppError(
            502,
            'mail_failed',
            'Le message de confirmation n’a pas pu être envoyé : réessayez plus tard.',
          );
        });
      return reply.status(202).send({ confirmationSent: true });
    },
  );

  app.post(
    '/account/email/confirm',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Confirmer ma nouvelle adresse e-mail (lien reçu)',
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ email: Type.String() }), 404: errorSchema, ...Errors },
      },
    },
    async (request) => {
      const [change] = await app.db.query<{ user_id: string; new_email: string }>(
        `UPDATE email_changes SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
          RETURNING user_id, new_email`,
        [hashToken(request.body.token)],
      );
      if (!change) {
        throw notFound('Ce lien n’est plus valable : il a expiré ou a déjà servi.');
      }
      await applyEmail(app, change.user_id, change.new_email);
      return { email: change.new_email };
    },
  );

  app.delete(
    '/account',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Supprimer mon compte (mes textes restent dans les documents)',
        body: Type.Object(
          { password: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      if (!(await verifyUserPassword(app.db, user.id, request.body.password))) {
        throw wrongPassword();
      }
      const organisations = await app.db.transaction(async (tx) => {
        const [lastPilote] = await tx.query<{ name: string }>(
          `SELECT o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.user_id = $1 AND m.role = 'pilote'
              AND NOT EXISTS (SELECT 1 FROM memberships p WHERE p.organisation_id = m.organisation_id
                               AND p.role = 'pilote' AND p.user_id <> $1)
              AND EXISTS (SELECT 1 FROM memberships o2 WHERE o2.organisation_id = m.organisation_id
                           AND o2.user_id <> $1)
            LIMIT 1`,
          [user.id],
        );
        if (lastPilote) {
          throw conflict(
            'last_pilote',
            `Vous êtes le dernier pilote de « ${lastPilote.name} » : nommez-en un autre avant de supprimer votre compte.`,
          );
        }
        const rows = await tx.query<{ organisation_id: string }>(
          'DELETE FROM memberships WHERE user_id = $1 RETURNING organisation_id',
          [user.id],
        );
        await tx.query('DELETE FROM sessions WHERE user_id = $1', [user.id]);
        await tx.query('DELETE FROM password_resets WHERE user_id = $1', [user.id]);
        await tx.query('DELETE FROM email_changes WHERE user_id = $1', [user.id]);
        // The row stays, anonymous, so that what refers to it reads "Ancien membre"; no password
        // can ever match it again.
        await tx.query(
          `UPDATE users SET name = $2, email = $3, password_hash = '', deleted_at = now()
            WHERE id = $1`,
          [user.id, FORMER_MEMBER, `ancien-membre+${user.id}@pilotis.invalid`],
        );
        return rows.map((row) => row.organisation_id);
      });
      app.collabSockets.closeUser(user.id);
      await renameInCycles(app, organisations, user.id, FORMER_MEMBER);
      clearSessionCookie(app, reply);
      return reply.status(204).send(null);
    },
  );
}

/** Makes `email` the sign-in address of `userId` (409 if another account uses it). */
async function applyEmail(app: FastifyInstance, userId: string, email: string): Promise<void> {
  try {
    const [taken] = await app.db.query(
      'SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2',
      [email, userId],
    );
    if (taken)
      throw conflict('email_taken', 'Cette adresse e-mail est déjà celle d’un autre compte.');
    await app.db.query('UPDATE users SET email = $2 WHERE id = $1', [userId, email]);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw conflict('email_taken', 'Cette adresse e-mail est déjà celle d’un autre compte.');
    }
    throw error;
  }
}
