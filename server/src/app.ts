/**
 * Builds the Pilotis Fastify app (no listen): API under /api, the collaboration socket at
 * /collab, the built client at /. Tests use it directly; server.ts listens.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { AppConfig } from './config.ts';
import configPlugin from './plugins/config.plugin.ts';
import routeTablePlugin from './plugins/route-table.plugin.ts';
import errorsPlugin from './plugins/errors.plugin.ts';
import rateLimitPlugin from './plugins/rate-limit.plugin.ts';
import dbPlugin from './plugins/db.plugin.ts';
import backupSocketPlugin from './features/backup/socket.ts';
import authPlugin from './plugins/auth.plugin.ts';
import collabPlugin from './plugins/collab.plugin.ts';
import clientPlugin from './plugins/client.plugin.ts';
import exportRunnerPlugin from './plugins/export-runner.plugin.ts';
import healthRoutes from './features/health/health.routes.ts';
import organisationRoutes from './features/organisations/organisations.routes.ts';
import cycleRoutes from './features/cycles/cycles.routes.ts';
import authRoutes from './features/auth/auth.routes.ts';
import memberRoutes from './features/members/members.routes.ts';
import auditRoutes from './features/audit/audit.routes.ts';
import exportRoutes from './features/exports/exports.routes.ts';
import versionRoutes from './features/versions/versions.routes.ts';
import profileRoutes from './features/members/profile.routes.ts';
import inviteMailRoutes from './features/members/invite-mail.routes.ts';
import accountRoutes from './features/account/account.routes.ts';
import contractPlugin from './http/contract.plugin.ts';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.ts';

export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // JSON bodies stay small: the grid is edited over the socket, not through the API.
    bodyLimit: 1024 * 1024,
    // Opening PGlite (WASM) on a busy 2-core machine can take longer than Fastify's default 10 s.
    pluginTimeout: 120_000,
    // Behind the reverse proxies named in TRUST_PROXY, request.ip is the person's address (their
    // X-Forwarded-For), so that per-address limits do not count everyone as the proxy.
    trustProxy: config.trustProxy?.length ? config.trustProxy : false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // ── security and limits (issue 18) ── errors before routing keep the {error, message} contract
    clientErrorHandler,
    frameworkErrors,
  });

  await app.register(routeTablePlugin);
  await app.register(configPlugin, { config });
  await app.register(errorsPlugin);
  await app.register(contractPlugin); // issue 18: URL length, GET /collab, body depth, text characters
  await app.register(rateLimitPlugin);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Pilotis API',
        description: 'API publique de Pilotis (voir API.md).',
        version: '0.1.0',
      },
    },
  });
  await app.register(dbPlugin);
  await app.register(backupSocketPlugin); // PGlite only: `npm run backup` asks the running server
  await app.register(authPlugin);
  await app.register(collabPlugin);
  await app.register(exportRunnerPlugin);

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(authRoutes);
      await api.register(memberRoutes);
      await api.register(auditRoutes);
      await api.register(organisationRoutes);
      await api.register(cycleRoutes);
      await api.register(exportRoutes);
      await api.register(versionRoutes);
      // ── nothing-lost (issue 8) ──
      await api.register((await import('./features/trash/trash-purge.ts')).default);
      api.addHook('onClose', async () =>
        (await import('./features/exports/import-runner.ts')).closeImportRunner(),
      );

      // ── security and limits (issue 18) ──

      // ── meeting room (issue 9) ──
      await api.register((await import('./features/auth/reset-check.routes.ts')).default);

      // ── sections (issue 11) ──

      // ── comments (issue 12) ──
      await api.register((await import('./features/comments/comments.routes.ts')).default);

      // ── versions (issue 13) ──
      await api.register((await import('./features/exports/docx.routes.ts')).default); // exports (issue 19)

      // ── actions (issue 14) ──

      // ── set-up and offline (issue 17) ──
      await api.register(profileRoutes);
      await api.register(inviteMailRoutes);
      await api.register(accountRoutes);
      await api.register((await import('./features/reminders/stage-reminders.ts')).default);
      await api.register((await import('./features/history/history.routes.ts')).default);
      await api.register((await import('./features/cycles/year.routes.ts')).default); // year after year (issue 15)
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api' },
  );

  await app.register(clientPlugin);
  return app;
}
