import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { can } from '@pilotis/shared';
import { requireAuth } from '../../plugins/auth.plugin.ts';
import { errorReplies, idParam, isUuid, noContent, OrgParams, roleSchema } from '../schemas.ts';
import { AppError, notFound } from '../../errors.ts';
import { audit } from '../audit/audit.service.ts';
import { createPasswordReset } from '../auth/auth.service.ts';
import { publicLink, resetUrl } from '../auth/auth.routes.ts';
import { requireAccess } from './access.ts';
import {
  acceptInvitation,
  changeRole,
  createInvitation,
  listInvitations,
  listMembers,
  mayResetPasswordOf,
  previewInvitation,
  removeMember,
  revokeInvitation,
} from './members.service.ts';

const orgParams = OrgParams;
const memberParams = Type.Object({ orgId: idParam, userId: idParam });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const errors = errorReplies(401, 403, 404);

const MemberSchema = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  // Pilotes only (members.manage): others receive no e-mail addresses.
  email: Type.Optional(Type.String()),
  role: roleSchema,
});
const InvitationSchema = Type.Object({
  id: Type.String(),
  role: roleSchema,
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  revoked: Type.Boolean(),
  acceptedCount: Type.Integer(),
  // The link to copy again, while it is usable (links made before it was kept have none).
  url: Type.Optional(Type.String()),
});
export default async function memberRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/organisations/:orgId/members',
    {
      schema: {
        tags: ['membres'],
        summary: 'Membres et rôles',
        params: orgParams,
        response: { 200: Type.Array(MemberSchema), ...errors },
      },
    },
    async (request) => {
      const { role } = await requireAccess(app.db, request, request.params.orgId, 'members.read');
      const members = await listMembers(app.db, request.params.orgId);
      // E-mail addresses are for those who manage the members (pilotes) only.
      return can(role, 'members.manage')
        ? members
        : members.map(({ email: _email, ...member }) => member);
    },
  );

  app.patch(
    '/organisations/:orgId/members/:userId',
    {
      schema: {
        tags: ['membres'],
        summary: 'Changer le rôle d’un membre',
        params: memberParams,
        body: Type.Object({ role: roleSchema }, { additionalProperties: false }),
        response: { 200: MemberSchema, ...errorReplies(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { userId } = await requireAccess(
        app.db,
        request,
        request.params.orgId,
        'members.manage',
      );
      if (!isUuid(request.params.userId)) throw notFound('Membre introuvable.');
      const member = await changeRole(
        app.db,
        request.params.orgId,
        request.params.userId,
        request.body.role,
        userId,
      );
      // Their open documents reconnect with the new rights.
      app.collabSockets.closeUser(request.params.userId);
      return member;
    },
  );

  app.delete(
    '/organisations/:orgId/members/:userId',
    {
      schema: {
        tags: ['membres'],
        summary: 'Retirer un membre (ou quitter l’organisation)',
        params: memberParams,
        response: { 204: noContent, ...errorReplies(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const self = user.id === request.params.userId;
      const { userId } = await requireAccess(
        app.db,
        request,
        request.params.orgId,
        self ? 'members.read' : 'members.manage',
      );
      if (!isUuid(request.params.userId)) throw notFound('Membre introuvable.');
      await removeMember(app.db, request.params.orgId, request.params.userId, userId);
      app.collabSockets.closeUser(request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/organisations/:orgId/members/:userId/password-reset',
    {
      schema: {
        tags: ['membres'],
        summary: 'Lien de réinitialisation du mot de passe d’un membre, à lui transmettre',
        params: memberParams,
        response: { 201: Type.Object({ url: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const { userId } = await requireAccess(
        app.db,
        request,
        request.params.orgId,
        'members.manage',
      );
      const members = await listMembers(app.db, request.params.orgId);
      const member = members.find((m) => m.userId === request.params.userId);
      if (!member) throw notFound('Membre introuvable.');
      if (!(await mayResetPasswordOf(app.db, userId, member.userId))) {
        throw new AppError(
          403,
          'reset_not_allowed',
          'Ce membre fait aussi partie d’autres organisations : il doit passer par « Mot de passe oublié ».',
        );
      }
      const token = await createPasswordReset(app.db, member.userId, {
        userId,
        organisationId: request.params.orgId,
      });
      await audit(app.db, request.params.orgId, userId, 'member.password_reset_link', {
        userId: member.userId,
      });
      return reply.status(201).send({ url: resetUrl(app, request, token) });
    },
  );

  app.get(
    '/organisations/:orgId/invitations',
    {
      schema: {
        tags: ['membres'],
        summary: 'Invitations',
        params: orgParams,
        response: { 200: Type.Array(InvitationSchema), ...errors },
      },
    },
    async (request) => {
      await requireAccess(app.db, request, request.params.orgId, 'members.manage');
      // Every link still usable can be copied again (the token itself is not sent twice).
      return (await listInvitations(app.db, request.params.orgId)).map(({ token, ...rest }) =>
        token ? { ...rest, url: publicLink(app, request, `/invitation/${token}`) } : rest,
      );
    },
  );

  app.post(
    '/organisations/:orgId/invitations',
    {
      schema: {
        tags: ['membres'],
        summary: 'Créer un lien d’invitation avec un rôle',
        params: orgParams,
        body: Type.Object(
          {
            role: roleSchema,
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            ...InvitationSchema.properties,
            token: Type.String(),
            url: Type.String(),
          }),
          ...errorReplies(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { userId } = await requireAccess(
        app.db,
        request,
        request.params.orgId,
        'members.manage',
      );
      const invitation = await createInvitation(
        app.db,
        request.params.orgId,
        request.body.role,
        request.body.expiresInDays ?? 7,
        userId,
      );
      return reply
        .status(201)
        .send({ ...invitation, url: publicLink(app, request, `/invitation/${invitation.token}`) });
    },
  );

  app.delete(
    '/organisations/:orgId/invitations/:invitationId',
    {
      schema: {
        tags: ['membres'],
        summary: 'Révoquer une invitation',
        params: Type.Object({ orgId: idParam, invitationId: idParam }),
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      const { userId } = await requireAccess(
        app.db,
        request,
        request.params.orgId,
        'members.manage',
      );
      if (!isUuid(request.params.invitationId)) throw notFound('Invitation introuvable.');
      await revokeInvitation(app.db, request.params.orgId, request.params.invitationId, userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/invitations/:token',
    {
      schema: {
        tags: ['membres'],
        summary: 'Ce qu’offre un lien d’invitation',
        params: TokenParams,
        response: {
          200: Type.Object({
            organisationName: Type.String(),
            role: roleSchema,
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          ...errorReplies(404),
        },
      },
    },
    async (request) => {
      const preview = await previewInvitation(app.db, request.params.token);
      return {
        organisationName: preview.organisationName,
        role: preview.role,
        expiresAt: preview.expiresAt,
      };
    },
  );

  app.post(
    '/invitations/:token/accept',
    {
      schema: {
        tags: ['membres'],
        summary: 'Rejoindre l’organisation avec le rôle de l’invitation',
        params: TokenParams,
        response: {
          200: Type.Object({ organisationId: Type.String(), role: roleSchema }),
          ...errorReplies(401, 404),
        },
      },
    },
    async (request) => {
      const { user } = requireAuth(request);
      return acceptInvitation(app.db, request.params.token, user.id);
    },
  );
}
