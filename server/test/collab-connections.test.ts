/**
 * Connection limits of the collaboration endpoint: per document (a cycle's broadcast cost stays
 * bounded) and per address (the Hocuspocus Throttle extension). The connection over a limit is
 * refused; the ones already open keep working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { rowText, readCycle } from '@pilotis/shared';
import { DocumentFull } from '../src/collab/connection-limit.extension.ts';
import {
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

/** Open `documentName` and answer 'synced', or the reason the server gave for refusing it. */
function attempt(wsUrl: string, documentName: string, person: Person): Promise<string> {
  return new Promise((resolve) => {
    const socket = new HocuspocusProviderWebsocket({
      url: wsUrl,
      WebSocketPolyfill: cookieWebSocket(person.cookie),
      maxAttempts: 1,
    });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentName,
      document: new Y.Doc(),
      onSynced: () => finish('synced'),
      onAuthenticationFailed: ({ reason }) => finish(reason),
    });
    const finish = (outcome: string) => {
      provider.destroy();
      socket.destroy();
      resolve(outcome);
    };
    provider.attach();
  });
}

describe('connections per document', () => {
  let storage: Storage;
  let server: RunningServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    storage = await createStorage('pglite');
    server = await startServer(testConfig(storage, { collabConnectionsPerDocument: 2 }));
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
    await storage?.dispose();
  });

  it('refuses the third connection to a document; the two open ones and other documents go on', async () => {
    const cycle = await createCycle(server.httpUrl, 2026);
    const other = await createCycle(server.httpUrl, 2027, cycle.pilote);
    const first = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const second = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    clients.push(first, second);
    expect(await attempt(server.wsUrl, cycle.documentName, cycle.pilote)).toBe(DocumentFull.reason);
    expect(await attempt(server.wsUrl, other.documentName, cycle.pilote)).toBe('synced');
    // The two open connections still edit together.
    const rowId = readCycle(first.doc).rows[0]!.id;
    rowText(first.doc, rowId, 'sources').insert(0, 'Bilan 2025 : 38,5 % — « ça avance » ✅ ');
    await waitFor(
      () => rowText(second.doc, rowId, 'sources').toString().startsWith('Bilan 2025 : 38,5 %'),
      'the edit to reach the second connection',
    );
    // Once one leaves, a new connection is accepted.
    second.destroy();
    await waitFor(
      () => server.app.hocuspocus.documents.get(cycle.documentName)?.getConnectionsCount() === 1,
      'the second connection to close',
    );
    expect(await attempt(server.wsUrl, cycle.documentName, cycle.pilote)).toBe('synced');
  });
});

describe('connections per address (Throttle)', () => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage('pglite');
    server = await startServer(testConfig(storage, { collabConnectionsPerMinute: 3 }));
  });
  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('refuses an address that opens more connections in a minute than allowed', async () => {
    const cycle = await createCycle(server.httpUrl, 2026);
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await attempt(server.wsUrl, cycle.documentName, cycle.pilote));
    }
    expect(outcomes.slice(0, 3)).toEqual(['synced', 'synced', 'synced']);
    expect(outcomes[3]).not.toBe('synced');
  });
});
