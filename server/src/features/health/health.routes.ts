import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

/** How long readiness waits for Redis to answer a PING. */
const REDIS_PING_MS = 2000;

/**
 * Liveness and readiness (docs/deploy.md). `/health`: the process is up and its database answers;
 * a supervisor restarts an instance that fails it. `/ready`: this instance can take people now:
 * its database answers and, with several instances (REDIS_URL), Redis too. Without Redis an
 * instance would serve a document that no longer reaches the other instances' clients, so a
 * reverse proxy should stop sending it traffic (and not restart it: it recovers when Redis is back).
 */
export default async function healthRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'État du service',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => {
      await app.db.query('SELECT 1');
      return { status: 'ok' as const };
    },
  );

  /** What is missing for this instance to take people, or null when nothing is. */
  const unready = async (): Promise<string | null> => {
    try {
      await app.db.query('SELECT 1');
    } catch {
      return 'la base de données ne répond pas';
    }
    const redis = app.collabRedis?.pub;
    if (!redis) return null;
    if (redis.status !== 'ready') return 'Redis ne répond pas';
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      redis.ping().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), REDIS_PING_MS))),
    ]);
    clearTimeout(timer);
    return answered ? null : 'Redis ne répond pas';
  };

  app.get(
    '/ready',
    {
      schema: {
        tags: ['system'],
        summary: 'Instance prête à recevoir du monde (base de données et Redis)',
        response: {
          200: Type.Object({ status: Type.Literal('ready') }),
          503: Type.Object({ error: Type.Literal('not_ready'), message: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      const missing = await unready();
      if (missing) {
        return reply
          .status(503)
          .send({ error: 'not_ready' as const, message: `Instance pas prête : ${missing}.` });
      }
      return { status: 'ready' as const };
    },
  );
}
