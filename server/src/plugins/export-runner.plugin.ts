/**
 * The export renderer of this app (a low-priority child process, see export-runner.ts): one per
 * app, stopped when the app closes, so two apps in one process never share or stop each other's.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import {
  createExportRunner,
  type ExportRunner,
  type ExportRunnerOptions,
} from '../features/exports/export-runner.ts';

declare module 'fastify' {
  interface FastifyInstance {
    exportRunner: ExportRunner;
  }
}

async function exportRunnerPlugin(
  app: FastifyInstance,
  options: ExportRunnerOptions,
): Promise<void> {
  const runner = createExportRunner(options);
  app.decorate('exportRunner', runner);
  app.addHook('onClose', async () => runner.close());
}

export default fp(exportRunnerPlugin, { name: 'export-runner' });
