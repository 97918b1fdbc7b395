/**
 * The trash purge job on a live server: rows deleted more than 30 days ago go for good, through a
 * direct connection (a connected person sees it); recent deletes stay restorable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { deleteRow, readCycle, readTrash, TRASH_DAYS } from '@pilotis/shared';
import { purgeAllTrash } from '../src/features/trash/trash-purge.ts';
import {
  BACKENDS,
  acknowledged,
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  waitFor,
  type RunningServer,
  type Storage,
} from './helpers.ts';

describe.each(BACKENDS)('trash purge on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('purges what was deleted more than 30 days ago, keeps recent deletes', async () => {
    const cycle = await createCycle(server.httpUrl, 2026);
    const client = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    try {
      const [old, recent] = readCycle(client.doc).rows;
      deleteRow(client.doc, old!.id, 'Pauline');
      deleteRow(client.doc, recent!.id, 'Pauline');
      const rows = client.doc.getMap('rows') as Y.Map<Y.Map<unknown>>;
      rows.get(old!.id)!.set('deletedAt', Date.now() - (TRASH_DAYS + 1) * 24 * 3600 * 1000);
      await acknowledged(client);
      expect(await purgeAllTrash(server.app.db, server.app.hocuspocus)).toBe(1);
      await waitFor(() => !rows.has(old!.id), 'the purge on the connected client');
      expect(readTrash(client.doc).map((item) => item.id)).toEqual([recent!.id]);
      expect(await purgeAllTrash(server.app.db, server.app.hocuspocus)).toBe(0);
    } finally {
      client.destroy();
    }
  });
});
