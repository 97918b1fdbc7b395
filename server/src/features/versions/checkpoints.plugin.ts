/**
 * The automatic checkpoints job: every minute, each cycle edited since its last version and whose
 * last checkpoint is 10 minutes old gets a new one; checkpoints older than 90 days are deleted.
 * Several instances may run it: the insert itself skips a checkpoint made meanwhile by another.
 */
import type { FastifyInstance } from 'fastify';
import { runCheckpoints } from './versions.service.ts';

const CHECK_EVERY_MS = 60_000;

export default async function checkpointsJob(app: FastifyInstance): Promise<void> {
  const deps = {
    db: app.db,
    documents: app.documents,
    hocuspocus: app.hocuspocus,
    exportRunner: app.exportRunner,
  };
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = runCheckpoints(deps)
      .catch((error: unknown) => app.log.error({ error }, 'automatic checkpoints failed'))
      .finally(() => {
        running = null;
      });
  }, CHECK_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
