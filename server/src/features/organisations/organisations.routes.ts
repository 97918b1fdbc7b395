import type { FastifyInstance } from 'fastify';
import { errorSchema, organisationSchema } from '../schemas.ts';
import { createOrganisation, listOrganisations } from './organisations.service.ts';
import { requireAuth } from '../../plugins/auth.plugin.ts';

export default async function organisationRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Lister les organisations',
        response: {
          200: {
            type: 'array',
            items: {
              ...organisationSchema,
              properties: { ...organisationSchema.properties, role: { type: 'string' } },
            },
          },
        },
      },
    },
    async (request) => listOrganisations(app.db, requireAuth(request).user.id),
  );

  app.post<{ Body: { name: string } }>(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Créer une organisation',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } },
        },
        response: { 201: organisationSchema, 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const organisation = await createOrganisation(app.db, request.body.name.trim(), user.id);
      return reply.status(201).send(organisation);
    },
  );
}
