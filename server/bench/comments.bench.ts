/**
 * A cycle with 2,000 comments (400 threads of 5 messages on the grid's rows): time to list the
 * cycle's threads (what opening the threads panel fetches) and to load one row's thread, median
 * and p95 over repeated requests. Storage: PGlite by default, BENCH_BACKEND=postgres for
 * PostgreSQL (127.0.0.1:5432).
 */
import { performance } from 'node:perf_hooks';
import { readCycle } from '@pilotis/shared';
import { createCycle, createStorage, startServer, testConfig } from '../test/helpers.ts';
import { percentile } from './bench-utils.ts';
import { seedComments } from './big-cycle.ts';

const THREADS = 400;
const MESSAGES_PER_THREAD = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

const backend = process.env.BENCH_BACKEND === 'postgres' ? 'postgres' : 'pglite';
const storage = await createStorage(backend);
const server = await startServer(testConfig(storage));
try {
  const cycle = await createCycle(server.httpUrl, 2026);
  const pilote = cycle.pilote;
  const model = readCycle(await server.app.documents.loadDoc(cycle.documentName));
  const threadIds = await seedComments(
    server.app.db,
    { id: cycle.id, rows: model.rows },
    pilote.user!.id,
    THREADS,
    MESSAGES_PER_THREAD,
  );

  const time = async (path: string): Promise<number> => {
    const start = performance.now();
    const reply = await pilote.get(path);
    const elapsed = performance.now() - start;
    if (reply.status !== 200) throw new Error(`${path}: ${reply.status}`);
    return elapsed;
  };
  // First listing checks every anchor against the cycle once; then the steady state.
  const first = await time(`/api/cycles/${cycle.id}/threads`);
  const list: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    list.push(await time(`/api/cycles/${cycle.id}/threads`));
    one.push(await time(`/api/threads/${threadIds[(i * 37) % threadIds.length]}`));
  }
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const row = (name: string, values: number[]) =>
    `${name.padEnd(44)} ${percentile(sorted(values), 50).toFixed(1).padStart(9)} ${percentile(sorted(values), 95).toFixed(1).padStart(9)}`;
  console.info(
    `\nComments: ${THREADS * MESSAGES_PER_THREAD} messages in ${THREADS} threads (${backend}, ${ROUNDS} rounds)`,
  );
  console.info(`${'request'.padEnd(44)} ${'p50 (ms)'.padStart(9)} ${'p95 (ms)'.padStart(9)}`);
  console.info(
    `${'open the threads panel (first, anchors synced)'.padEnd(44)} ${first.toFixed(1).padStart(9)}`,
  );
  console.info(row('open the threads panel (GET threads)', list));
  console.info(row('load one row’s thread (GET thread)', one));
} finally {
  await server.close();
  await storage.dispose();
}
