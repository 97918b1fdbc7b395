/**
 * Issue 16 #6: a document leaves the server's memory once nobody has it open — after its last
 * client leaves, and after a server-side edit (a direct connection) — and what was written while
 * it was loaded is kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows, rowText } from '@pilotis/shared';
import type * as Y from 'yjs';
import { editLiveCycle } from '../src/features/cycles/live-cycle.ts';
import {
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

function firstLabel(doc: Y.Doc): Y.Text {
  return rowText(doc, readRows(doc)[0]!.id, 'label');
}

describe('documents unloaded when idle', () => {
  let storage: Storage;
  let server: RunningServer;
  const loaded = () => server.app.hocuspocus.getDocumentsCount();

  beforeAll(async () => {
    storage = await createStorage('pglite');
    server = await startServer(testConfig(storage));
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('unloads a document once its last client left, keeping its edits', async () => {
    const cycle = await createCycle(server.httpUrl);
    const first = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const second = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    firstLabel(first.doc).insert(0, 'gardé ');
    await acknowledged(first);
    first.destroy();
    await waitFor(
      () => server.app.hocuspocus.documents.get(cycle.documentName)?.getConnectionsCount() === 1,
      'the first client to be gone',
    );
    expect(loaded()).toBe(1);

    second.destroy();
    await waitFor(() => loaded() === 0, 'the document to be unloaded');

    const reader = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    expect(firstLabel(reader.doc).toString()).toMatch(/^gardé /);
    reader.destroy();
    await waitFor(() => loaded() === 0, 'the document to be unloaded after a read');
  });

  it('unloads a document a server-side edit opened', async () => {
    const cycle = await createCycle(server.httpUrl, 2027);
    await editLiveCycle(server.app.hocuspocus, cycle.documentName, (doc) =>
      firstLabel(doc).insert(0, 'du serveur '),
    );
    await waitFor(() => loaded() === 0, 'the document to be unloaded after the edit');

    const reader = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    expect(firstLabel(reader.doc).toString()).toMatch(/^du serveur /);
    reader.destroy();
    await waitFor(() => loaded() === 0, 'the document to be unloaded after a read');
  });
});
