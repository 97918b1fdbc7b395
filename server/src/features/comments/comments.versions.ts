/**
 * Threads frozen with a version: the cycle's threads as they were at freeze time, stored once and
 * read back unchanged whatever happens to the live threads afterwards.
 */
import type { CycleModel } from '@pilotis/shared';
import type { Database, Queryable } from '../../db/database.ts';
import { listThreads, syncAnchors, type Thread } from './comments.service.ts';

/** No one: frozen threads carry no per-person unread or mention markers. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** The cycle's threads now, anchors checked against `model` (the state being frozen). */
export async function currentThreads(
  db: Database,
  cycleId: string,
  model: CycleModel,
): Promise<Thread[]> {
  await syncAnchors(db, cycleId, model);
  return listThreads(db, cycleId, NOBODY);
}

/**
 * Store the cycle's threads for a version just frozen, anchors checked against `model` (the frozen
 * state). Called once at freeze time; a second call for the same version changes nothing.
 */
export async function snapshotThreads(
  db: Database,
  input: { versionId: string; cycleId: string; model: CycleModel },
): Promise<void> {
  const threads = await currentThreads(db, input.cycleId, input.model);
  await storeVersionThreads(db, input.versionId, threads);
}

/**
 * Store `threads` (read with currentThreads at freeze time) for a version, inside the freeze's own
 * transaction so a version never exists without them.
 */
export async function storeVersionThreads(
  db: Queryable,
  versionId: string,
  threads: Thread[],
): Promise<void> {
  await db.query(
    `INSERT INTO version_threads (version_id, threads) VALUES ($1, $2::jsonb)
     ON CONFLICT (version_id) DO NOTHING`,
    [versionId, JSON.stringify(threads)],
  );
}

/** The threads frozen with a version; an empty list for versions frozen before comments existed. */
export async function versionThreads(db: Queryable, versionId: string): Promise<Thread[]> {
  const [row] = await db.query<{ threads: Thread[] | string }>(
    'SELECT threads FROM version_threads WHERE version_id = $1',
    [versionId],
  );
  if (!row) return [];
  return typeof row.threads === 'string' ? (JSON.parse(row.threads) as Thread[]) : row.threads;
}
