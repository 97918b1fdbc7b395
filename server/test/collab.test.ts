import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCodes, EDITOR_SCHEMA_VERSION, SCHEMA_VERSION, readRows } from '@pilotis/shared';
import {
  BACKENDS,
  acknowledged,
  firstRowLabel,
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  waitFor,
  type RunningServer,
  type Storage,
  type TestClient,
  type Person,
  cookieWebSocket,
  signUp,
} from './helpers.ts';
import { launchPilotis } from './spawn.ts';

/** Start `npm start`'s entry point as a real child process on the test's storage, as production runs it. */
function spawnServer(storage: Storage) {
  return launchPilotis({
    DATA_DIR: storage.dataDir,
    DATABASE_URL: storage.databaseUrl ?? '',
    // Long debounce: the state is not compacted before the kill, only the update log has the edits.
    STORE_DEBOUNCE_MS: '60000',
  });
}

/** Open a raw WebSocket to the collab endpoint and resolve with its close event. */
function rawSocket(wsUrl: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => resolve(socket);
    socket.onerror = () => reject(new Error('socket failed to open'));
  });
}

function closed(socket: WebSocket): Promise<CloseEvent> {
  return new Promise((resolve) => socket.addEventListener('close', (event) => resolve(event)));
}

describe.each(BACKENDS)('live collaboration on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  const clients: TestClient[] = [];

  const connect = async (wsUrl: string, documentName: string, person: Person) => {
    const client = await connectClient(wsUrl, documentName, person);
    clients.push(client);
    return client;
  };

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

  it('makes two providers converge, both keeping concurrent typing in the same cell', async () => {
    const cycle = await createCycle(server.httpUrl, 2026);
    const alice = await connect(server.wsUrl, cycle.documentName, cycle.pilote);
    const bob = await connect(server.wsUrl, cycle.documentName, cycle.pilote);
    expect(readRows(alice.doc).length).toBeGreaterThan(20);

    const original = firstRowLabel(alice.doc).toString();
    firstRowLabel(alice.doc).insert(0, 'A:');
    firstRowLabel(bob.doc).insert(original.length, ':B');
    await waitFor(
      () =>
        firstRowLabel(alice.doc).toString() === `A:${original}:B` &&
        firstRowLabel(bob.doc).toString() === `A:${original}:B`,
      'both insertions on both sides',
    );
  });

  it('refuses a document that is not an existing cycle', async () => {
    const { HocuspocusProvider, HocuspocusProviderWebsocket } =
      await import('@hocuspocus/provider');
    const person = await signUp(server.httpUrl, 'Quelqu’un');
    const doc = new Y.Doc();
    const reason = await new Promise<string>((resolve) => {
      const provider = new HocuspocusProvider({
        websocketProvider: new HocuspocusProviderWebsocket({
          url: server.wsUrl,
          WebSocketPolyfill: cookieWebSocket(person.cookie),
        }),
        name: 'cycle.00000000-0000-4000-8000-000000000000',
        document: doc,
        onAuthenticationFailed: ({ reason }) => {
          provider.destroy();
          provider.configuration.websocketProvider.destroy();
          resolve(reason);
        },
      });
      provider.attach();
    });
    expect(reason).toBe(CloseCodes.DocumentNotFound.reason);
  });

  it('turns away a client built for another schema version with the shared close code', async () => {
    const { HocuspocusProvider, HocuspocusProviderWebsocket } =
      await import('@hocuspocus/provider');
    const base = server.wsUrl.split('?')[0]!;
    const cycle = await createCycle(server.httpUrl, 2030);
    const reason = await new Promise<string>((resolve) => {
      const socket = new HocuspocusProviderWebsocket({
        url: `${base}?schemaVersion=${SCHEMA_VERSION - 1}&editorSchema=${EDITOR_SCHEMA_VERSION}`,
        WebSocketPolyfill: cookieWebSocket(cycle.pilote.cookie),
      });
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: cycle.documentName,
        document: new Y.Doc(),
        onAuthenticationFailed: ({ reason }) => {
          provider.destroy();
          socket.destroy();
          resolve(reason);
        },
      });
      provider.attach();
    });
    expect(reason).toBe(CloseCodes.ClientOutdated.reason);
  });

  it('keeps a document across a graceful restart', async () => {
    const cycle = await createCycle(server.httpUrl, 2027);
    const writer = await connect(server.wsUrl, cycle.documentName, cycle.pilote);
    firstRowLabel(writer.doc).insert(0, 'Conservé après redémarrage — ');
    await acknowledged(writer);
    writer.destroy();
    await server.close();

    server = await startServer(testConfig(storage));
    const reader = await connect(server.wsUrl, cycle.documentName, cycle.pilote);
    expect(firstRowLabel(reader.doc).toString()).toMatch(/^Conservé après redémarrage — /);
  });

  it('closes only the socket that sends a malformed frame', async () => {
    const cycle = await createCycle(server.httpUrl, 2028);
    const alice = await connect(server.wsUrl, cycle.documentName, cycle.pilote);
    const bob = await connect(server.wsUrl, cycle.documentName, cycle.pilote);

    const attacker = await rawSocket(server.wsUrl);
    const attackerClosed = closed(attacker);
    // A document name, then a sync message whose length prefix promises far more than follows.
    const name = new TextEncoder().encode(cycle.documentName);
    attacker.send(new Uint8Array([name.length, ...name, 0, 2, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
    attacker.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    await attackerClosed;

    firstRowLabel(alice.doc).insert(0, 'toujours là ');
    await waitFor(
      () => firstRowLabel(bob.doc).toString().startsWith('toujours là '),
      'edit after malformed frame',
    );
    expect((await fetch(`${server.httpUrl}/api/health`)).status).toBe(200);
  });

  it('closes only the socket that sends an oversized frame', async () => {
    const cycle = await createCycle(server.httpUrl, 2029);
    const alice = await connect(server.wsUrl, cycle.documentName, cycle.pilote);
    const bob = await connect(server.wsUrl, cycle.documentName, cycle.pilote);

    const attacker = await rawSocket(server.wsUrl);
    const attackerClosed = closed(attacker);
    attacker.send(new Uint8Array(3 * 1024 * 1024));
    expect((await attackerClosed).code).toBe(1009);

    firstRowLabel(bob.doc).insert(0, 'encore ');
    await waitFor(
      () => firstRowLabel(alice.doc).toString().startsWith('encore '),
      'edit after oversized frame',
    );
  });

  it('loses no acknowledged edit when the server is killed with SIGKILL', async () => {
    // The in-process server shares the storage; stop it so the child owns the data directory.
    await server.close();
    const first = await spawnServer(storage);
    let second: Awaited<ReturnType<typeof spawnServer>> | undefined;
    try {
      const cycle = await createCycle(first.httpUrl, 2031);
      const writer = await connect(first.wsUrl, cycle.documentName, cycle.pilote);
      const edits = 40;
      for (let i = 0; i < edits; i++) {
        firstRowLabel(writer.doc).insert(0, `[${i}]`);
        // Give each edit its own message, as typing does.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await acknowledged(writer);

      const exited = new Promise((resolve) => first.child.on('exit', resolve));
      first.child.kill('SIGKILL');
      await exited;
      // Discard the client and its document: only the server's storage may bring the edits back.
      writer.destroy();

      second = await spawnServer(storage);
      const reader = await connect(second.wsUrl, cycle.documentName, cycle.pilote);
      const label = firstRowLabel(reader.doc).toString();
      for (let i = 0; i < edits; i++) expect(label).toContain(`[${i}]`);
    } finally {
      first.child.kill('SIGKILL');
      await second?.stop();
      server = await startServer(testConfig(storage));
    }
  });
});
