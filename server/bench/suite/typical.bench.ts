/**
 * Scenario 1 — typical load: 50 documents × 10 clients, 2 of them typing at 5 edits/s each.
 * Propagation p50/p95/p99 from the writer's edit to each other client of its document, Pilotis
 * (PGlite, `npm start`) against the floor (bare Hocuspocus 4), interleaved rounds, medians.
 *
 *   node bench/suite/typical.bench.ts
 *   BENCH_DOCUMENTS, BENCH_CLIENTS, BENCH_WRITERS, BENCH_RATE, BENCH_ROUNDS, BENCH_SECONDS
 */
import { runAgainstFloor } from './against-floor.ts';
import { setting } from './report.ts';

const DOCUMENTS = setting('BENCH_DOCUMENTS', 50);
const CLIENTS = setting('BENCH_CLIENTS', 10);
const WRITERS = setting('BENCH_WRITERS', 2);
const RATE = setting('BENCH_RATE', 5);

await runAgainstFloor({
  name: 'Scenario 1 — typical load',
  load: `${DOCUMENTS} documents × ${CLIENTS} clients, ${WRITERS} typing at ${RATE} edits/s`,
  documents: DOCUMENTS,
  floorDocuments: Array.from({ length: DOCUMENTS }, (_, i) => `bench-${i}`),
  clients: CLIENTS,
  writers: WRITERS,
  editsPerSecond: RATE,
  drivers: 1,
  presence: false,
  p99Max: 50,
  p95: true,
});
process.exit(0);
