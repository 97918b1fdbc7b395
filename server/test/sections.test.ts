/**
 * Sections (issue 11) on a real server: the version gate refuses clients built for older schemas
 * (or announcing none) without touching the document, a stored schema 1 document is migrated
 * and stored as it loads, and the schemaVersion marker stays the server's.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
  CloseCodes,
  EDITOR_SCHEMA_PARAM,
  EDITOR_SCHEMA_VERSION,
  META,
  SCHEMA_VERSION,
  SCHEMA_VERSION_PARAM,
  cycleFromTemplate,
  documentSchemaVersion,
  entityRoot,
  metaMap,
  readCycle,
  writeCycle,
} from '@pilotis/shared';
import { DocumentStore } from '../src/collab/document-store.ts';
import {
  BACKENDS,
  connectClient,
  cookieWebSocket,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  waitFor,
  type Person,
  type RunningServer,
  type Storage,
  type TestClient,
} from './helpers.ts';

/** Connect with a hand-made query string; resolves with the refusal reason, or 'synced'. */
function attempt(baseWsUrl: string, query: string, documentName: string, person: Person) {
  const doc = new Y.Doc();
  // Local work the refused client holds: it must never reach the server.
  doc.getMap('meta').set(META.schemaVersion, 1);
  doc.getMap('themes').set('intrus', new Y.Map());
  return new Promise<string>((resolve) => {
    const socket = new HocuspocusProviderWebsocket({
      url: `${baseWsUrl}${query}`,
      WebSocketPolyfill: cookieWebSocket(person.cookie),
      maxAttempts: 1,
    });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentName,
      document: doc,
      onAuthenticationFailed: ({ reason }) => {
        provider.destroy();
        socket.destroy();
        resolve(reason);
      },
      onSynced: () => {
        provider.destroy();
        socket.destroy();
        resolve('synced');
      },
    });
    provider.attach();
  });
}

async function storedBytes(server: RunningServer, documentName: string): Promise<string> {
  const stored = await new DocumentStore(server.app.db).load(documentName);
  return JSON.stringify([
    Buffer.from(stored.state ?? []).toString('base64'),
    stored.updates.map((update) => Buffer.from(update.data).toString('base64')),
  ]);
}

describe.each(BACKENDS)('sections on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('refuses a client announcing no version or an older one, and leaves the document as it was', async () => {
    const cycle = await createCycle(server.httpUrl, 2026);
    const base = server.wsUrl.split('?')[0]!;
    await waitFor(() => !server.app.hocuspocus.documents.has(cycle.documentName), 'unload');
    const before = await storedBytes(server, cycle.documentName);
    const current = `${SCHEMA_VERSION_PARAM}=${SCHEMA_VERSION}`;
    const editor = `${EDITOR_SCHEMA_PARAM}=${EDITOR_SCHEMA_VERSION}`;
    for (const query of [
      '',
      `?${current}`,
      `?${editor}`,
      `?${SCHEMA_VERSION_PARAM}=${SCHEMA_VERSION - 1}&${editor}`,
      `?${current}&${EDITOR_SCHEMA_PARAM}=${EDITOR_SCHEMA_VERSION - 1}`,
      `?${current}&${EDITOR_SCHEMA_PARAM}=abc`,
    ]) {
      expect(await attempt(base, query, cycle.documentName, cycle.pilote), query).toBe(
        CloseCodes.ClientOutdated.reason,
      );
    }
    expect(await storedBytes(server, cycle.documentName)).toBe(before);
    // The current client still gets in.
    expect(await attempt(base, `?${current}&${editor}`, cycle.documentName, cycle.pilote)).toBe(
      'synced',
    );
  });

  it('migrates a stored schema 1 document as it loads, and stores the result', async () => {
    const cycle = await createCycle(server.httpUrl, 2027);
    await waitFor(() => !server.app.hocuspocus.documents.has(cycle.documentName), 'unload');
    // Replace what is stored by a cycle as schema 1 wrote it.
    const old = new Y.Doc();
    writeCycle(old, cycleFromTemplate({ organisationName: 'Ancienne', year: 2027 }));
    old.transact(() => {
      entityRoot(old, 'sections').clear();
      const first = [...entityRoot(old, 'themes').values()].find((t) => t.get('number') === 1)!;
      first.set('goodPractices', new Y.Text('Une AG ouverte’ à tous 😀'));
      metaMap(old).set(META.schemaVersion, 1);
    });
    await server.app.db.query('DELETE FROM document_updates WHERE document_name = $1', [
      cycle.documentName,
    ]);
    await server.app.db.query('UPDATE documents SET state = $2 WHERE name = $1', [
      cycle.documentName,
      Y.encodeStateAsUpdate(old),
    ]);

    const client = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    clients.push(client);
    expect(documentSchemaVersion(client.doc)).toBe(SCHEMA_VERSION);
    const model = readCycle(client.doc);
    const practices = model.sections.find(
      (section) => section.kind === 'theme-practices' && section.themeId === model.themes[0]!.id,
    );
    expect(practices?.paragraphs).toEqual(['Une AG ouverte’ à tous 😀']);
    client.destroy();
    await waitFor(() => !server.app.hocuspocus.documents.has(cycle.documentName), 'unload');
    const stored = await new DocumentStore(server.app.db).loadDoc(cycle.documentName);
    expect(documentSchemaVersion(stored)).toBe(SCHEMA_VERSION);
    expect(readCycle(stored).themes[0]!.goodPractices).toBe('Une AG ouverte’ à tous 😀');
  });

  it('undoes an editor’s write to the schemaVersion marker', async () => {
    const cycle = await createCycle(server.httpUrl, 2028);
    const alice = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const bob = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    clients.push(alice, bob);
    metaMap(alice.doc).set(META.schemaVersion, 1);
    await waitFor(
      () =>
        documentSchemaVersion(alice.doc) === SCHEMA_VERSION &&
        documentSchemaVersion(bob.doc) === SCHEMA_VERSION,
      'the marker to be restored',
    );
    metaMap(bob.doc).delete(META.schemaVersion);
    await waitFor(
      () =>
        documentSchemaVersion(alice.doc) === SCHEMA_VERSION &&
        documentSchemaVersion(bob.doc) === SCHEMA_VERSION,
      'the deleted marker to be restored',
    );
  });
});
