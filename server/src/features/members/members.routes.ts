import type { FastifyInstance } from 'fastify';
import { can, ROLES, type Role } from '@pilotis/shared';
import { requireAuth } from '../../plugins/auth.plugin.ts';
import { errorSchema, idParam, isUuid } from '../schemas.ts';
import { AppError, notFound } from '../../errors.ts';
import { listAudit, audit } from '../audit/audit.service.ts';
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

const orgParams = { type: 'object', properties: { orgId: idParam }, required: ['orgId'] } as const;
const memberParams = {
  type: 'object',
  properties: { orgId: idParam, userId: idParam },
  required: ['orgId', 'userId'],
} as const;
const role = { type: 'string', enum: [...ROLES] } as const;

export default async function memberRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { orgId: string } }>(
    '/organisations/:orgId/members',
    {
      schema: {
        tags: ['membres'],
        summary: 'Membres et rôles',
        params: orgParams,
        response: { 404: errorSchema },
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

  app.patch<{ Params: { orgId: string; userId: string }; Body: { role: Role } }>(
    '/organisations/:orgId/members/:userId',
    {
      schema: {
        tags: ['membres'],
        summary: 'Changer le rôle d’un membre',
        params: memberParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['role'],
          properties: { role },
        },
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

  app.delete<{ Params: { orgId: string; userId: string } }>(
    '/organisations/:orgId/members/:userId',
    {
      schema: {
        tags: ['membres'],
        summary: 'Retirer un membre (ou quitter l’organisation)',
        params: memberParams,
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
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { orgId: string; userId: string } }>(
    '/organisations/:orgId/members/:userId/password-reset',
    {
      schema: {
        tags: ['membres'],
        summary: 'Lien de réinitialisation du mot de passe d’un membre, à lui transmettre',
        params: memberParams,
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

  app.get<{ Params: { orgId: string } }>(
    '/organisations/:orgId/invitations',
    { schema: { tags: ['membres'], summary: 'Invitations', params: orgParams } },
    async (request) => {
      await requireAccess(app.db, request, request.params.orgId, 'members.manage');
      // Every link still usable can be copied again (the token itself is not sent twice).
      return (await listInvitations(app.db, request.params.orgId)).map(({ token, ...rest }) =>
        token ? { ...rest, url: publicLink(app, request, `/invitation/${token}`) } : rest,
      );
    },
  );

  app.post<{ Params: { orgId: string }; Body: { role: Role; expiresInDays?: number } }>(
    '/organisations/:orgId/invitations',
    {
      schema: {
        tags: ['membres'],
        summary: 'Créer un lien d’invitation avec un rôle',
        params: orgParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['role'],
          properties: { role, expiresInDays: { type: 'integer', minimum: 1, maximum: 90 } },
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

  app.delete<{ Params: { orgId: string; invitationId: string } }>(
    '/organisations/:orgId/invitations/:invitationId',
    {
      schema: {
        tags: ['membres'],
        summary: 'Révoquer une invitation',
        params: {
          type: 'object',
          properties: { orgId: idParam, invitationId: idParam },
          required: ['orgId', 'invitationId'],
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
      if (!isUuid(request.params.invitationId)) throw notFound('Invitation introuvable.');
      await revokeInvitation(app.db, request.params.orgId, request.params.invitationId, userId);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { token: string } }>(
    '/invitations/:token',
    {
      schema: {
        tags: ['membres'],
        summary: 'Ce qu’offre un lien d’invitation',
        params: {
          type: 'object',
          properties: { token: { type: 'string', maxLength: 100 } },
          required: ['token'],
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

  app.post<{ Params: { token: string } }>(
    '/invitations/:token/accept',
    {
      schema: {
        tags: ['membres'],
        summary: 'Rejoindre l’organisation avec le rôle de l’invitation',
        params: {
          type: 'object',
          properties: { token: { type: 'string', maxLength: 100 } },
          required: ['token'],
        },
      },
    },
    async (request) => {
      const { user } = requireAuth(request);
      return acceptInvitation(app.db, request.params.token, user.id);
    },
  );

  app.get<{ Params: { orgId: string } }>(
    '/organisations/:orgId/audit',
    { schema: { tags: ['membres'], summary: 'Journal d’audit (pilotes)', params: orgParams } },
    async (request) => {
      await requireAccess(app.db, request, request.params.orgId, 'audit.read');
      return listAudit(app.db, request.params.orgId);
    },
  );
}
