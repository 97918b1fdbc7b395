/**
 * Scenario 4 of the bench suite (issue 16): cold open of a large cycle — 600 rows, 40 sections of
 * ~500 words, 2,000 comments (400 threads of 5). Time from a fresh client's socket opening to its
 * first sync while the document is not loaded in the server's memory (every client gone, the
 * server unloaded it: checked before each open), Pilotis against its floor — a bare Hocuspocus 4
 * server loading the same Y.Doc state from a file — in interleaved rounds, medians. Also the
 * comments list route of that cycle (what opening the threads panel fetches): first request after
 * the server started, then the median.
 *
 *   node bench/scenario-cold-open.bench.ts      (part of `npm run bench`; BENCH_ROUNDS=9 by default,
 *                                                BENCH_BACKEND=postgres for PostgreSQL)
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { readCycle } from '@pilotis/shared';
import { createCycle, createStorage, startServer, testConfig } from '../test/helpers.ts';
import { launchPilotis, spawnWithPort, type SpawnedServer } from '../test/spawn.ts';
import { connect, percentile, type Target } from './bench-utils.ts';
import { fillRows, fillSections, seedComments } from './big-cycle.ts';
import { askStats } from './probe-stats.ts';

const ROWS = 600;
const SECTIONS = 40;
const WORDS_PER_SECTION = 500;
const THREADS = 400;
const MESSAGES_PER_THREAD = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const ROUTE_REQUESTS = 10;
const here = path.dirname(fileURLToPath(import.meta.url));

// 1. The cycle, written by an in-process server into fresh storage: PGlite as `npm start` uses
// it, or PostgreSQL (127.0.0.1:5432) with BENCH_BACKEND=postgres.
const backend = process.env.BENCH_BACKEND === 'postgres' ? 'postgres' : 'pglite';
const storage = await createStorage(backend);
const seeding = await startServer(testConfig(storage));
const cycle = await createCycle(seeding.httpUrl, 2026);
const stored = await seeding.app.documents.load(cycle.documentName);
const doc = await seeding.app.documents.loadDoc(cycle.documentName);
fillRows(doc, ROWS);
fillSections(doc, SECTIONS, WORDS_PER_SECTION);
const state = Y.encodeStateAsUpdate(doc);
await seeding.app.documents.store(
  cycle.documentName,
  state,
  stored.updates.map((update) => update.id),
);
const model = readCycle(doc);
await seedComments(
  seeding.app.db,
  { id: cycle.id, rows: model.rows },
  cycle.pilote.user!.id,
  THREADS,
  MESSAGES_PER_THREAD,
);
await seeding.close();
const stateFile = path.join(storage.dataDir, 'cycle.ydoc');
await writeFile(stateFile, state);

// 2. Both servers as separate processes, each answering "stats" (documents loaded).
const servers: SpawnedServer[] = [];
try {
  const pilotisServer = await launchPilotis(
    {
      DATA_DIR: storage.dataDir,
      DATABASE_URL: storage.databaseUrl ?? '',
      COLLAB_CONNECTIONS_PER_MINUTE: '0',
    },
    { script: path.join(here, 'pilotis-probe.ts'), ipc: true },
  );
  servers.push(pilotisServer);
  const floorServer = await spawnWithPort(
    { BARE_STATE_FILE: stateFile },
    path.join(here, 'bare-hocuspocus.ts'),
    /listening on (\d+)/,
    { ipc: true },
  );
  servers.push(floorServer);
  const pilotis: Target & { server: SpawnedServer } = {
    name: 'Pilotis',
    server: pilotisServer,
    cookie: cycle.pilote.cookie,
    wsUrl: pilotisServer.wsUrl,
    documentName: cycle.documentName,
    text: (d) => d.getText('unused'),
    stop: pilotisServer.stop,
  };
  const floor: Target & { server: SpawnedServer } = {
    name: 'floor',
    server: floorServer,
    wsUrl: `ws://127.0.0.1:${floorServer.port}`,
    documentName: 'cold',
    text: (d) => d.getText('unused'),
    stop: floorServer.stop,
  };

  const unloaded = async (target: typeof pilotis) => {
    const deadline = Date.now() + 30_000;
    while ((await askStats(target.server.child, false)).documents > 0) {
      if (Date.now() > deadline) throw new Error(`${target.name}: the document stays loaded`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const coldOpen = async (target: typeof pilotis) => {
    await unloaded(target);
    const client = new Y.Doc();
    const start = performance.now();
    const { provider, socket } = connect(target, client);
    await new Promise<void>((resolve) => provider.on('synced', () => resolve()));
    const elapsed = performance.now() - start;
    const rows = readCycle(client).rows.length;
    provider.destroy();
    socket.destroy();
    client.destroy();
    if (rows !== ROWS) throw new Error(`${target.name}: ${rows} rows synced, not ${ROWS}`);
    return elapsed;
  };

  // 3. The comments list route: first request after the start, then the steady state.
  const listThreads = async () => {
    const start = performance.now();
    const reply = await fetch(`${pilotisServer.httpUrl}/api/cycles/${cycle.id}/threads`, {
      headers: { cookie: cycle.pilote.cookie },
    });
    const threads = (await reply.json()) as unknown[];
    const elapsed = performance.now() - start;
    if (reply.status !== 200 || threads.length !== THREADS) {
      throw new Error(`threads: ${reply.status}`);
    }
    return elapsed;
  };
  const routeFirst = await listThreads();
  const route: number[] = [];
  for (let i = 0; i < ROUTE_REQUESTS; i++) route.push(await listThreads());

  // 4. Interleaved rounds, the order swapped every round.
  const times = { pilotis: [] as number[], floor: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [pilotis, floor] : [floor, pilotis];
    for (const target of order) {
      times[target === pilotis ? 'pilotis' : 'floor'].push(await coldOpen(target));
    }
  }
  await unloaded(pilotis);

  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  const fmt = (value: number) => value.toFixed(1).padStart(9);
  console.info(
    `\nScenario 4 — cold open: ${ROWS} rows, ${SECTIONS} sections × ~${WORDS_PER_SECTION} words, ${THREADS * MESSAGES_PER_THREAD} comments (state ${Math.round(state.byteLength / 1024)} KiB), ${ROUNDS} interleaved rounds, Pilotis on ${backend}, loopback`,
  );
  console.info(`${'measure'.padEnd(40)} ${'Pilotis'.padStart(9)} ${'floor'.padStart(9)}   ratio`);
  const open = { p: median(times.pilotis), f: median(times.floor) };
  console.info(
    `${'time to first sync, median (ms)'.padEnd(40)} ${fmt(open.p)} ${fmt(open.f)}   ${(open.p / open.f).toFixed(2)}×`,
  );
  console.info(
    `${'  (every round, ms)'.padEnd(40)} ${times.pilotis.map((t) => t.toFixed(0)).join(' ')} | ${times.floor.map((t) => t.toFixed(0)).join(' ')}`,
  );
  console.info(
    `${'comments list route, first (ms)'.padEnd(40)} ${fmt(routeFirst)} ${'—'.padStart(9)}   —`,
  );
  console.info(
    `${`comments list route, median of ${ROUTE_REQUESTS} (ms)`.padEnd(40)} ${fmt(median(route))} ${'—'.padStart(9)}   —`,
  );
} finally {
  for (const server of servers) await server.stop();
  await storage.dispose();
}
process.exit(0);
