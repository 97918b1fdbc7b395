/**
 * Opens the database (PGlite or PostgreSQL), applies migrations, and closes it when the app
 * closes, after the collaboration plugin has flushed its documents.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrations.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

async function dbPlugin(app: FastifyInstance): Promise<void> {
  const db = await openDatabase({
    databaseUrl: app.config.databaseUrl,
    dataDir: app.config.dataDir,
  });
  await migrate(db);
  app.decorate('db', db);
  app.addHook('onClose', async () => {
    await db.close();
  });
}

export default fp(dbPlugin, { name: 'db', dependencies: ['config'] });
