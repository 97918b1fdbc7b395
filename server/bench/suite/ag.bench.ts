/**
 * Scenario 2 — an AG: 1 document × 150 clients, 30 of them typing at 2 edits/s, each edit
 * followed by a presence update (the cursor moves). Propagation p99, the server's event-loop delay
 * p99 and reach (every edit delivered to every other client) for Pilotis and the floor,
 * interleaved rounds, medians. The clients run in their own process (driver.ts).
 *
 *   node bench/suite/ag.bench.ts
 *   BENCH_CLIENTS, BENCH_WRITERS, BENCH_RATE, BENCH_ROUNDS, BENCH_SECONDS
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

const CLIENTS = setting('BENCH_CLIENTS', 150);
const WRITERS = setting('BENCH_WRITERS', 30);
const RATE = setting('BENCH_RATE', 2);

const floor = await startFloor();
const pilotis = await startPilotis();
const driver = Driver.start();
try {
  await signUp(pilotis);
  const names = { [pilotis.name]: await createCycles(pilotis, 1), [floor.name]: ['assemblee'] };
  const servers = new Map([pilotis, floor].map((s) => [s.name, s]));
  console.info(
    `Scenario 2 — 1 document × ${CLIENTS} clients, ${WRITERS} typing at ${RATE} edits/s with presence`,
  );
  const results = await interleave([floor.name, pilotis.name], async (name) => {
    const server = servers.get(name)!;
    await driver.connect([server], rooms(names[name]!, CLIENTS, WRITERS));
    try {
      return await measure(driver, server, { editsPerSecond: RATE, presence: true });
    } finally {
      await driver.disconnect();
    }
  });
  const p = medians(results.get(pilotis.name)!);
  const f = medians(results.get(floor.name)!);
  printTable(
    `Scenario 2 — an AG: 1 document × ${CLIENTS} clients, ${WRITERS} typing at ${RATE} edits/s with presence (${ROUNDS} rounds × ${SECONDS} s, medians)`,
    [
      { metric: 'propagation p50 (ms)', pilotis: p.p50, floor: f.p50 },
      {
        metric: 'propagation p99 (ms)',
        pilotis: p.p99,
        floor: f.p99,
        target: '≤ 1.5× floor, ≤ 150',
        pass: p.p99 <= 1.5 * f.p99 && p.p99 <= 150,
      },
      { metric: 'server event-loop delay p99 (ms)', pilotis: p.loopP99, floor: f.loopP99 },
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
