/**
 * Invitations by e-mail: a pilote invites an address with a role and a proposed qualité. The
 * link is e-mailed when SMTP_URL is set, and always returned for copying; it is built from
 * PUBLIC_URL (never from the request's Host when PUBLIC_URL is set). Pending invitations are
 * listed with their address. Accepting sets the role and the qualité (members.service.ts).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import nodemailer from 'nodemailer';
import { MEMBER_KIND_LABELS_FR, MEMBER_KINDS, ROLE_LABELS_FR, ROLES } from '@pilotis/shared';
import { DEFAULT_SMTP_FROM, type AppConfig } from '../../config.ts';
import { errorSchema, idParam } from '../schemas.ts';
import { badRequest } from '../../errors.ts';
import { publicLink } from '../auth/auth.routes.ts';
import { requireAccess } from './access.ts';
import { createInvitation } from './members.service.ts';

const Qualite = Type.Enum([...MEMBER_KINDS]);
const Role = Type.Enum([...ROLES]);
/** A plain address: no control, bidi or zero-width characters, one @. */
const EMAIL = /^[^\s@\p{C}]+@[^\s@\p{C}]+\.[^\s@\p{C}]+$/u;

const PendingInvitation = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: Role,
  qualite: Type.Union([Qualite, Type.Null()]),
  createdAt: Type.String(),
  expiresAt: Type.String(),
});

/** Sends the invitation link; resolves false when no SMTP is configured. */
export async function sendInvitationMail(
  config: AppConfig,
  mail: {
    to: string;
    organisation: string;
    invitedBy: string;
    role: string;
    qualite: string | null;
    link: string;
  },
): Promise<boolean> {
  if (!config.smtpUrl) return false;
  const transport = nodemailer.createTransport(config.smtpUrl);
  await transport.sendMail({
    from: config.smtpFrom ?? DEFAULT_SMTP_FROM,
    to: mail.to,
    subject: `Pilotis — ${mail.invitedBy} vous invite à rejoindre ${mail.organisation}`,
    text: [
      'Bonjour,',
      '',
      `${mail.invitedBy} vous invite à rejoindre « ${mail.organisation} » sur Pilotis, pour construire ensemble le guide des bonnes pratiques de l’ESS.`,
      `Rôle proposé : ${mail.role}${mail.qualite ? ` — qualité : ${mail.qualite}` : ''}.`,
      '',
      'Pour accepter, ouvrez ce lien :',
      mail.link,
      '',
      'Si vous ne vous attendiez pas à cette invitation, ignorez ce message.',
    ].join('\n'),
  });
  return true;
}

/** POST an invitation by e-mail and GET the pending ones, under /api (members.manage). */
export default async function inviteMailRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const Params = Type.Object({ orgId: Type.String({ maxLength: idParam.maxLength }) });
  const Errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

  app.post(
    '/organisations/:orgId/invitations/email',
    {
      schema: {
        tags: ['membres'],
        summary: 'Inviter une adresse e-mail avec un rôle et une qualité proposés',
        params: Params,
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            role: Role,
            qualite: Type.Optional(Type.Union([Qualite, Type.Null()])),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            email: Type.String(),
            role: Role,
            qualite: Type.Union([Qualite, Type.Null()]),
            expiresAt: Type.String(),
            url: Type.String(),
            mailed: Type.Boolean(),
          }),
          400: errorSchema,
          502: errorSchema,
          ...Errors,
        },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const { userId } = await requireAccess(app.db, request, orgId, 'members.manage');
      const email = request.body.email.trim();
      if (!EMAIL.test(email)) {
        throw badRequest('invalid_email', 'Cette adresse e-mail n’est pas valable.');
      }
      const qualite = request.body.qualite ?? null;
      const invitation = await createInvitation(
        app.db,
        orgId,
        request.body.role,
        request.body.expiresInDays ?? 7,
        userId,
      );
      await app.db.query('UPDATE invitations SET email = $2, qualite = $3 WHERE id = $1', [
        invitation.id,
        email,
        qualite,
      ]);
      const url = publicLink(app, request, `/invitation/${invitation.token}`);
      const [organisation] = await app.db.query<{ name: string }>(
        'SELECT name FROM organisations WHERE id = $1',
        [orgId],
      );
      let mailed = false;
      try {
        mailed = await sendInvitationMail(app.config, {
          to: email,
          organisation: organisation?.name ?? '',
          invitedBy: request.auth?.user.name ?? '',
          role: ROLE_LABELS_FR[request.body.role],
          qualite: qualite ? MEMBER_KIND_LABELS_FR[qualite] : null,
          link: url,
        });
      } catch (error) {
        request.log.warn({ err: error }, 'invitation e-mail not sent');
        // The link is still returned: the pilote can pass it on by hand.
      }
      return reply.status(201).send({
        id: invitation.id,
        email,
        role: request.body.role,
        qualite,
        expiresAt: invitation.expiresAt,
        url,
        mailed,
      });
    },
  );

  app.get(
    '/organisations/:orgId/invitations/pending',
    {
      schema: {
        tags: ['membres'],
        summary: 'Invitations par e-mail en attente (ni acceptées, ni révoquées, ni expirées)',
        params: Params,
        response: { 200: Type.Array(PendingInvitation), ...Errors },
      },
    },
    async (request) => {
      await requireAccess(app.db, request, request.params.orgId, 'members.manage');
      const rows = await app.db.query<{
        id: string;
        email: string;
        role: (typeof ROLES)[number];
        qualite: (typeof MEMBER_KINDS)[number] | null;
        created_at: Date | string;
        expires_at: Date | string;
      }>(
        `SELECT id, email, role, qualite, created_at, expires_at FROM invitations
          WHERE organisation_id = $1 AND email IS NOT NULL AND revoked_at IS NULL
            AND expires_at > now() AND accepted_count = 0
          ORDER BY created_at DESC`,
        [request.params.orgId],
      );
      return rows.map((row) => ({
        id: row.id,
        email: row.email,
        role: row.role,
        qualite: row.qualite,
        createdAt: new Date(row.created_at).toISOString(),
        expiresAt: new Date(row.expires_at).toISOString(),
      }));
    },
  );
}
