/**
 * Scenario 3 — capacity: the most connections one instance holds with propagation p99 ≤ 100 ms.
 * Connections are added in steps (500, 1000, … 2500) in rooms of 10 where 1 person types at
 * 2 edits/s (an afternoon of many small groups, most people reading); after each step the load runs
 * for a measured window. The ramp stops at the first step whose p99 exceeds 100 ms, whose reach
 * is below 100 % or whose connections cannot all open. Floor first, then Pilotis, one ramp each
 * (each server on its own: the other one is stopped).
 *
 *   node bench/suite/capacity.bench.ts
 *   BENCH_STEPS (e.g. "500,1000,1500,2000,2500"), BENCH_ROOM, BENCH_WRITERS, BENCH_RATE,
 *   BENCH_STEP_SECONDS, BENCH_LIMIT_MS
 */
import { Driver, rooms } from './load.ts';
import { createCycles, signUp, startFloor, startPilotis, type BenchServer } from './servers.ts';
import { fmt, measure, printTable, setting, type Measured } from './report.ts';

const STEPS = (process.env.BENCH_STEPS ?? '500,1000,1500,2000,2500')
  .split(',')
  .map((step) => Number(step.trim()));
const ROOM = setting('BENCH_ROOM', 10);
const WRITERS = setting('BENCH_WRITERS', 1);
const RATE = setting('BENCH_RATE', 2);
/** The p99 a step must keep (100 ms; BENCH_LIMIT_MS to explore a loaded machine). */
const LIMIT_MS = setting('BENCH_LIMIT_MS', 100);
/** Seconds measured at each step (5: a step is about 1,000 to 5,000 edits' worth of samples). */
const STEP_SECONDS = setting('BENCH_STEP_SECONDS', 5);
const TARGET = 2000;

/** The ramp on one server: the p99 of each step reached, and the connections held within the limit. */
async function ramp(
  start: () => Promise<BenchServer>,
  documents: (server: BenchServer, count: number) => Promise<string[]>,
) {
  const server = await start();
  const driver = Driver.start();
  const steps: { connections: number; measured?: Measured; error?: string }[] = [];
  let held = 0;
  try {
    const names = await documents(server, Math.ceil(STEPS.at(-1)! / ROOM));
    let open = 0;
    for (const step of STEPS) {
      const rooms_ = Math.ceil(step / ROOM) - open / ROOM;
      try {
        await driver.connect(
          [server],
          rooms(names.slice(open / ROOM, open / ROOM + rooms_), ROOM, WRITERS),
        );
        open += rooms_ * ROOM;
        const measured = await measure(driver, server, {
          editsPerSecond: RATE,
          presence: false,
          seconds: STEP_SECONDS,
        });
        steps.push({ connections: open, measured });
        console.info(
          `  ${server.name}, ${open} connections: p99 ${fmt(measured.p99)} ms, reach ${(measured.reach * 100).toFixed(2)} %, server loop p99 ${fmt(measured.loop.p99)} ms, cpu ${(measured.loop.cpu * 100).toFixed(0)} %, driver cpu ${(measured.driverCpu * 100).toFixed(0)} %`,
        );
        if (measured.p99 > LIMIT_MS || measured.reach < 1) break;
        held = open;
      } catch (error) {
        steps.push({ connections: step, error: String(error) });
        console.info(`  ${server.name}, ${step} connections: ${String(error)}`);
        break;
      }
    }
  } finally {
    await driver.stop();
    await server.stop();
  }
  return { name: server.name, steps, held };
}

console.info(
  `Scenario 3 — capacity: rooms of ${ROOM}, ${WRITERS} typing at ${RATE} edits/s, steps ${STEPS.join(', ')}`,
);
const floor = await ramp(startFloor, async (_, count) =>
  Array.from({ length: count }, (_, i) => `room-${i}`),
);
const pilotis = await ramp(startPilotis, async (server, count) => {
  await signUp(server);
  return createCycles(server, count);
});
const p99At = (run: typeof floor, connections: number) =>
  run.steps.find((s) => s.connections === connections)?.measured?.p99 ?? NaN;
printTable(
  `Scenario 3 — capacity: connections held with p99 ≤ ${LIMIT_MS} ms (rooms of ${ROOM}, ${WRITERS} typing at ${RATE} edits/s)`,
  [
    ...STEPS.map((step) => ({
      metric: `p99 at ${step} connections (ms)`,
      pilotis: p99At(pilotis, step),
      floor: p99At(floor, step),
    })),
    {
      metric: 'connections held',
      pilotis: pilotis.held,
      floor: floor.held,
      format: (n: number) => String(n),
      target: `≥ ${TARGET}`,
      pass: pilotis.held >= TARGET,
    },
  ],
);
process.exit(0);
