/**
 * Scenario 6 of the bench suite (issue 16): memory. Pilotis against its floor (a bare Hocuspocus 4
 * server loading the same Y.Doc state, a new cycle's, from a file), each in its own process run
 * with --expose-gc and measured after a full collection (probe-stats.ts):
 *   - per loaded document: 0 → 100 documents open (10 sockets carrying 10 documents each);
 *   - per idle connection: 1 → 501 connections to one document, each its own socket, idle;
 *   - unloading: after the last client of each step leaves, the documents loaded must fall back
 *     to 0 (waited for, or the bench fails) and the memory is measured again.
 * Every step runs twice: RSS growth is read in the first pass (a process just started: what it
 * grows by), live heap in the second (warm); what the second leaves beyond the first is a leak.
 * Pilotis stores in PostgreSQL (BENCH_BACKEND=pglite for PGlite).
 *
 *   node bench/scenario-memory.bench.ts      (part of `npm run bench`)
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { createStorage, signUp, startServer, testConfig } from '../test/helpers.ts';
import { cookieWebSocket } from '../test/helpers.ts';
import { launchPilotis, spawnWithPort, type SpawnedServer } from '../test/spawn.ts';
import { waitUntil } from './bench-utils.ts';
import { askStats, type ProbeStats } from './probe-stats.ts';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 100);
const DOCUMENTS_PER_SOCKET = 10;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 500);
const CONNECT_BATCH = 50;
const here = path.dirname(fileURLToPath(import.meta.url));

// Pilotis stores in PostgreSQL here unless BENCH_BACKEND=pglite: PGlite's WebAssembly heap
// (~200 MiB, in the server's process) grows and shrinks with its own caches and would hide the
// per-document figures; with PostgreSQL the Node process is measured alone.
const backend = process.env.BENCH_BACKEND === 'pglite' ? 'pglite' : 'postgres';

// 1. DOCUMENTS new cycles of one organisation, written by an in-process server.
const storage = await createStorage(backend);
const seeding = await startServer(testConfig(storage));
const pilote = await signUp(seeding.httpUrl, 'Pauline Pilote');
const organisation = await pilote.post('/api/organisations', { name: 'Fédération des bancs' });
const documentNames: string[] = [];
for (let i = 0; i < DOCUMENTS; i++) {
  const cycle = await pilote.post(`/api/organisations/${organisation.body.id}/cycles`, {
    year: 2000 + i,
  });
  if (cycle.status !== 201) throw new Error(`cycle ${i}: ${JSON.stringify(cycle.body)}`);
  documentNames.push(cycle.body.documentName as string);
}
const state = Y.encodeStateAsUpdate(await seeding.app.documents.loadDoc(documentNames[0]!));
await seeding.close();
const stateFile = path.join(storage.dataDir, 'cycle.ydoc');
await writeFile(stateFile, state);

interface Measured {
  idle: ProbeStats;
  documentsOpen: ProbeStats;
  documentsClosed: ProbeStats;
  oneConnection: ProbeStats;
  connectionsOpen: ProbeStats;
  connectionsClosed: ProbeStats;
  /** How long the last document took to unload after its clients left (ms). */
  unloadMs: number;
}

/** Both passes: the first from a process just started, the second warm. */
interface Passes {
  start: ProbeStats;
  first: Measured;
  second: Measured;
}

/** Connect `providers` over `sockets`, wait until every one is synced. */
async function open(
  server: { wsUrl: string; cookie: string },
  groups: string[][],
): Promise<() => void> {
  const sockets: HocuspocusProviderWebsocket[] = [];
  const providers: HocuspocusProvider[] = [];
  for (let start = 0; start < groups.length; start += CONNECT_BATCH) {
    const batch = groups.slice(start, start + CONNECT_BATCH).map((names) => {
      const socket = new HocuspocusProviderWebsocket({
        url: server.wsUrl,
        WebSocketPolyfill: cookieWebSocket(server.cookie),
      });
      sockets.push(socket);
      return names.map((name) => {
        const provider = new HocuspocusProvider({
          websocketProvider: socket,
          name,
          document: new Y.Doc(),
        });
        provider.attach();
        providers.push(provider);
        return provider;
      });
    });
    await waitUntil(() => batch.flat().every((provider) => provider.isSynced), 120_000);
  }
  return () => {
    for (const provider of providers) {
      provider.destroy();
      provider.document.destroy();
    }
    for (const socket of sockets) socket.destroy();
  };
}

async function measure(
  child: SpawnedServer['child'],
  server: { wsUrl: string; cookie: string; names: string[] },
): Promise<Passes> {
  const stats = async (step = '', collect = true) => {
    const now = await askStats(child, collect);
    if (process.env.BENCH_VERBOSE && step) {
      console.info(step.padEnd(20), JSON.stringify(now));
    }
    return now;
  };
  const unloaded = async () => {
    const start = performance.now();
    const deadline = Date.now() + 60_000;
    let now = await stats('', false);
    while (now.documents > 0 || now.connections > 0) {
      if (Date.now() > deadline) {
        throw new Error(`still ${now.documents} documents loaded a minute after the last client`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      now = await stats('', false);
    }
    const ms = performance.now() - start;
    // Closed sockets stay reachable a little longer (close handshakes, timers): wait until the
    // heap stops falling, so that the next step starts from what is really kept.
    const settleBy = Date.now() + 15_000;
    // A reading with a document loaded (Pilotis's trash purge opens every cycle one after the
    // other, a minute after the start) does not count.
    for (let previous = Infinity; Date.now() < settleBy;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const reading = await stats();
      if (reading.documents > 0) continue;
      now = reading;
      if (previous - now.heapUsed < 64 * 1024) break;
      previous = now.heapUsed;
    }
    await stats('unloaded');
    return { stats: now, ms };
  };
  const start = await stats('start');
  // Documents: DOCUMENTS_PER_SOCKET per socket (Hocuspocus accepts at most 100 pending per socket).
  const groups: string[][] = [];
  for (let i = 0; i < server.names.length; i += DOCUMENTS_PER_SOCKET) {
    groups.push(server.names.slice(i, i + DOCUMENTS_PER_SOCKET));
  }
  const pass = async (idle: ProbeStats) => {
    // Idle connections to one document, each its own socket (first: the smaller step, so that
    // the pages it frees hardly lower the next step's RSS growth).
    const closeFirst = await open(server, [[server.names[0]!]]);
    const oneConnection = await stats('one connection');
    let close = await open(
      server,
      Array.from({ length: CONNECTIONS }, () => [server.names[0]!]),
    );
    const connectionsOpen = await stats('connections open');
    if (connectionsOpen.connections !== CONNECTIONS + 1) {
      throw new Error(`${connectionsOpen.connections} connections, not ${CONNECTIONS + 1}`);
    }
    close();
    closeFirst();
    const afterConnections = await unloaded();
    close = await open(server, groups);
    const documentsOpen = await stats('documents open');
    if (documentsOpen.documents !== server.names.length) {
      throw new Error(`${documentsOpen.documents} documents loaded, not ${server.names.length}`);
    }
    close();
    const afterDocuments = await unloaded();
    return {
      idle,
      oneConnection,
      connectionsOpen,
      connectionsClosed: afterConnections.stats,
      documentsOpen,
      documentsClosed: afterDocuments.stats,
      unloadMs: Math.max(afterDocuments.ms, afterConnections.ms),
    };
  };
  // The first pass shows what the process grows by (RSS); the second, warm (compiled code,
  // database caches), what is alive (heap) — and what it leaves behind beyond the first's is
  // what a pass keeps (a leak, if it grows).
  const first = await pass(start);
  const second = await pass(first.documentsClosed);
  return { start, first, second };
}

const servers: SpawnedServer[] = [];
const results: Record<'pilotis' | 'floor', Passes> = {} as never;
try {
  // One after the other, so that neither's clients weigh on the other's measure.
  const floorServer = await spawnWithPort(
    { BARE_STATE_FILE: stateFile },
    path.join(here, 'bare-hocuspocus.ts'),
    /listening on (\d+)/,
    { ipc: true, nodeArgs: ['--expose-gc'] },
  );
  servers.push(floorServer);
  results.floor = await measure(floorServer.child, {
    wsUrl: `ws://127.0.0.1:${floorServer.port}`,
    cookie: '',
    names: documentNames,
  });
  await floorServer.stop();

  const pilotisServer = await launchPilotis(
    {
      DATA_DIR: storage.dataDir,
      DATABASE_URL: storage.databaseUrl ?? '',
      COLLAB_CONNECTIONS_PER_MINUTE: '0',
      COLLAB_CONNECTIONS_PER_DOCUMENT: String(CONNECTIONS + 10),
    },
    { script: path.join(here, 'pilotis-probe.ts'), ipc: true, nodeArgs: ['--expose-gc'] },
  );
  servers.push(pilotisServer);
  const pilotisStart = Date.now();
  results.pilotis = await measure(pilotisServer.child, {
    wsUrl: pilotisServer.wsUrl,
    cookie: pilote.cookie,
    names: documentNames,
  });

  if (Date.now() - pilotisStart > 60_000) {
    console.warn(
      'Pilotis was measured for more than a minute: its trash purge (which opens every cycle a minute after the start) ran meanwhile.',
    );
  }
  const KiB = 1024;
  const MiB = 1024 * 1024;
  const row = (label: string, value: (m: Passes) => number, unit: number, digits = 1) => {
    const p = value(results.pilotis) / unit;
    const f = value(results.floor) / unit;
    console.info(
      `${label.padEnd(50)} ${p.toFixed(digits).padStart(9)} ${f.toFixed(digits).padStart(9)}   ${(p / f).toFixed(2)}×`,
    );
  };
  console.info(
    `\nScenario 6 — memory: ${DOCUMENTS} new cycles (state ${Math.round(state.byteLength / KiB)} KiB each), ${CONNECTIONS} idle connections to one, after a full GC; Pilotis on ${backend}`,
  );
  console.info(`${'measure'.padEnd(50)} ${'Pilotis'.padStart(9)} ${'floor'.padStart(9)}   ratio`);
  row('RSS just started (MiB)', (m) => m.start.rss, MiB);
  row(
    'RSS growth per loaded document, 1st pass (KiB)',
    ({ first }) => (first.documentsOpen.rss - first.connectionsClosed.rss) / DOCUMENTS,
    KiB,
  );
  row(
    'heap per loaded document, 2nd pass (KiB)',
    ({ second }) => (second.documentsOpen.heapUsed - second.connectionsClosed.heapUsed) / DOCUMENTS,
    KiB,
  );
  row(
    'RSS growth per idle connection, 1st pass (KiB)',
    ({ first }) => (first.connectionsOpen.rss - first.oneConnection.rss) / CONNECTIONS,
    KiB,
  );
  row(
    'heap per idle connection, 2nd pass (KiB)',
    ({ second }) => (second.connectionsOpen.heapUsed - second.oneConnection.heapUsed) / CONNECTIONS,
    KiB,
  );
  row('heap at rest, warm (MiB)', ({ second }) => second.idle.heapUsed, MiB);
  row(
    `heap with ${CONNECTIONS + 1} connections (MiB)`,
    ({ second }) => second.connectionsOpen.heapUsed,
    MiB,
  );
  row('heap once they left (MiB)', ({ second }) => second.connectionsClosed.heapUsed, MiB);
  row(`heap with ${DOCUMENTS} documents (MiB)`, ({ second }) => second.documentsOpen.heapUsed, MiB);
  row('heap once they are unloaded (MiB)', ({ second }) => second.documentsClosed.heapUsed, MiB);
  row(
    'heap kept by the 2nd pass (KiB)',
    ({ first, second }) => second.documentsClosed.heapUsed - first.documentsClosed.heapUsed,
    KiB,
  );
  row('RSS after both passes (MiB)', ({ second }) => second.documentsClosed.rss, MiB);
  row('last unload after the last client left (ms)', ({ second }) => second.unloadMs, 1, 0);
  console.info(
    `documents loaded once every client left: Pilotis ${results.pilotis.second.documentsClosed.documents}, floor ${results.floor.second.documentsClosed.documents}`,
  );
} finally {
  for (const server of servers) await server.stop();
  await storage.dispose();
}
process.exit(0);
