/**
 * The trash purge job: rows and domains deleted more than TRASH_DAYS ago are removed for good
 * from each cycle document, through a Hocuspocus direct connection (connected people see it at
 * once, and it is stored like any edit). Runs shortly after start, then every few hours; one
 * cycle at a time, so live editing never waits on it.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Hocuspocus } from '@hocuspocus/server';
import { purgeTrash } from '@pilotis/shared';
import type { Database } from '../../db/database.ts';

/** How often the purge runs (it is idempotent; a missed run only delays it). */
export const PURGE_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Context of the purge's direct connection (its transaction origin's `context`). */
export const PURGE_CONTEXT = { user: null, tokenHash: null, purge: true };

/** Purge one cycle document; returns how many rows and domains went. */
export async function purgeCycleTrash(
  hocuspocus: Hocuspocus,
  documentName: string,
  now = Date.now(),
): Promise<number> {
  const connection = await hocuspocus.openDirectConnection(documentName, PURGE_CONTEXT);
  try {
    let purged = 0;
    // A transaction that removes nothing writes nothing (Yjs emits no update for it).
    await connection.transact((doc) => {
      purged = purgeTrash(doc, now);
    });
    return purged;
  } finally {
    await connection.disconnect();
  }
}

/** Purge every cycle of the instance's database, one after the other. */
export async function purgeAllTrash(
  db: Database,
  hocuspocus: Hocuspocus,
  now = Date.now(),
): Promise<number> {
  const cycles = await db.query<{ document_name: string }>(
    `SELECT document_name FROM cycles ORDER BY created_at`,
  );
  let total = 0;
  for (const cycle of cycles) {
    total += await purgeCycleTrash(hocuspocus, cycle.document_name, now);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return total;
}

async function trashPurgePlugin(app: FastifyInstance): Promise<void> {
  let running: Promise<unknown> | null = null;
  const run = () => {
    if (running) return;
    running = purgeAllTrash(app.db, app.hocuspocus)
      .catch((error: unknown) => app.log.error({ err: error }, 'trash purge failed'))
      .finally(() => (running = null));
  };
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, PURGE_INTERVAL_MS);
  first.unref();
  every.unref();
  app.addHook('onClose', async () => {
    clearTimeout(first);
    clearInterval(every);
    await running;
  });
}

export default fp(trashPurgePlugin, { name: 'trash-purge' });
