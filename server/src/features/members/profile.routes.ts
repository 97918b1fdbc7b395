/**
 * Member profiles: each person's *qualité* in an organisation (salarié, élu·e, bénévole…), shown
 * on the members page, beside names in presence, and proposed for the cycle's working group.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MEMBER_KINDS } from '@pilotis/shared';
import { requireAuth } from '../../plugins/auth.plugin.ts';
import { errorSchema, idParam, isUuid } from '../schemas.ts';
import { notFound } from '../../errors.ts';
import { forbidden, requireAccess } from './access.ts';
import { listProfiles, setQualite } from './profile.service.ts';

const Id = Type.String({ maxLength: idParam.maxLength });
const Qualite = Type.Enum([...MEMBER_KINDS]);
const Profile = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  qualite: Type.Union([Qualite, Type.Null()]),
});
const Errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

/** GET and PUT of member qualités, under /api (members.read to read; pilote or oneself to change). */
export default async function profileRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/organisations/:orgId/profiles',
    {
      schema: {
        tags: ['membres'],
        summary: 'La qualité de chaque membre (salarié, élu·e, bénévole…)',
        params: Type.Object({ orgId: Id }),
        response: { 200: Type.Array(Profile), ...Errors },
      },
    },
    async (request) => {
      await requireAccess(app.db, request, request.params.orgId, 'members.read');
      return listProfiles(app.db, request.params.orgId);
    },
  );

  app.put(
    '/organisations/:orgId/members/:userId/qualite',
    {
      schema: {
        tags: ['membres'],
        summary: 'Dire la qualité d’un membre (un pilote, ou la personne elle-même)',
        params: Type.Object({ orgId: Id, userId: Id }),
        body: Type.Object(
          { qualite: Type.Union([Qualite, Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: Profile, 400: errorSchema, ...Errors },
      },
    },
    async (request) => {
      const { user } = requireAuth(request);
      const self = user.id === request.params.userId;
      const { role } = await requireAccess(app.db, request, request.params.orgId, 'members.read');
      if (!self && role !== 'pilote') throw forbidden();
      if (!isUuid(request.params.userId)) throw notFound('Membre introuvable.');
      return setQualite(app.db, request.params.orgId, request.params.userId, request.body.qualite);
    },
  );
}
