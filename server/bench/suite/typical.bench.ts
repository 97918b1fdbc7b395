/**
 * Scenario 1 — typical load: 50 documents × 10 clients, 2 of them typing at 5 edits/s each.
 * Propagation p50/p95/p99 from the writer's edit to each other client of its document, Pilotis
 * (PGlite, `npm start`) against the floor (bare Hocuspocus 4), interleaved rounds, medians.
 *
 *   node bench/suite/typical.bench.ts
 *   BENCH_DOCUMENTS, BENCH_CLIENTS, BENCH_WRITERS, BENCH_RATE, BENCH_ROUNDS, BENCH_SECONDS
 */
import { Driver, rooms } from './load.ts';
import { createCycles, signUp, startFloor, startPilotis } from './servers.ts';
import {
  interleave,
  measure,
  medians,
  pct,
  printTable,
  ROUNDS,
  SECONDS,
  setting,
} from './report.ts';

const DOCUMENTS = setting('BENCH_DOCUMENTS', 50);
const CLIENTS = setting('BENCH_CLIENTS', 10);
const WRITERS = setting('BENCH_WRITERS', 2);
const RATE = setting('BENCH_RATE', 5);

const floor = await startFloor();
const pilotis = await startPilotis();
const driver = Driver.start();
try {
  await signUp(pilotis);
  const names = {
    [pilotis.name]: await createCycles(pilotis, DOCUMENTS),
    [floor.name]: Array.from({ length: DOCUMENTS }, (_, i) => `bench-${i}`),
  };
  const servers = new Map([pilotis, floor].map((s) => [s.name, s]));
  console.info(
    `Scenario 1 — ${DOCUMENTS} documents × ${CLIENTS} clients, ${WRITERS} typing at ${RATE} edits/s`,
  );
  const results = await interleave([floor.name, pilotis.name], async (name) => {
    const server = servers.get(name)!;
    await driver.connect([server], rooms(names[name]!, CLIENTS, WRITERS));
    try {
      return await measure(driver, server, { editsPerSecond: RATE, presence: false });
    } finally {
      await driver.disconnect();
    }
  });
  const p = medians(results.get(pilotis.name)!);
  const f = medians(results.get(floor.name)!);
  printTable(
    `Scenario 1 — typical load: ${DOCUMENTS} documents × ${CLIENTS} clients, ${WRITERS} typing at ${RATE} edits/s (${ROUNDS} rounds × ${SECONDS} s, medians)`,
    [
      { metric: 'propagation p50 (ms)', pilotis: p.p50, floor: f.p50 },
      { metric: 'propagation p95 (ms)', pilotis: p.p95, floor: f.p95 },
      {
        metric: 'propagation p99 (ms)',
        pilotis: p.p99,
        floor: f.p99,
        target: '≤ 1.5× floor, ≤ 50',
        pass: p.p99 <= 1.5 * f.p99 && p.p99 <= 50,
      },
      { metric: 'server event loop p99 (ms)', pilotis: p.loopP99, floor: f.loopP99 },
      { metric: 'server CPU (share of a core)', pilotis: p.cpu, floor: f.cpu, format: pct },
      { metric: 'server CPU per edit (ms)', pilotis: p.cpuPerEdit, floor: f.cpuPerEdit },
      {
        metric: 'reach (lowest round)',
        pilotis: p.reach,
        floor: f.reach,
        format: pct,
        target: '100 %',
        pass: p.reach === 1,
      },
    ],
  );
} finally {
  await driver.stop();
  await pilotis.stop();
  await floor.stop();
}
process.exit(0);
