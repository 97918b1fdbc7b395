import type { FastifyInstance } from 'fastify';

/** Liveness: answers as soon as the app is up and its database reachable. */
export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'État du service',
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string', enum: ['ok'] } },
            required: ['status'],
          },
        },
      },
    },
    async () => {
      await app.db.query('SELECT 1');
      return { status: 'ok' as const };
    },
  );
}
