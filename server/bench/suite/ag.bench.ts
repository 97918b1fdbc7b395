/**
 * Scenario 2 — an AG: 1 document × 150 clients, 30 of them typing at 2 edits/s, each edit
 * followed by a presence update (the cursor moves). Propagation p99, the server's event-loop delay
 * p99 and reach (every edit delivered to every other client) for Pilotis and the floor,
 * interleaved rounds, medians. The clients run in three load processes of their own (driver.ts:
 * one process cannot apply 150 people's edits and presence without becoming the latency measured).
 *
 *   node bench/suite/ag.bench.ts
 *   BENCH_CLIENTS, BENCH_WRITERS, BENCH_RATE, BENCH_ROUNDS, BENCH_SECONDS
 */
import { runAgainstFloor } from './against-floor.ts';
import { setting } from './report.ts';

const CLIENTS = setting('BENCH_CLIENTS', 150);
const WRITERS = setting('BENCH_WRITERS', 30);
const RATE = setting('BENCH_RATE', 2);

await runAgainstFloor({
  name: 'Scenario 2 — an AG',
  load: `1 document × ${CLIENTS} clients, ${WRITERS} typing at ${RATE} edits/s with presence`,
  documents: 1,
  floorDocuments: ['assemblee'],
  clients: CLIENTS,
  writers: WRITERS,
  editsPerSecond: RATE,
  drivers: 3,
  presence: true,
  p99Max: 150,
  p95: false,
});
process.exit(0);
