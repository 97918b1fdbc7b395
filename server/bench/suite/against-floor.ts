/**
 * One load scenario run against the floor: Pilotis (`npm start`, PGlite) and a bare Hocuspocus 4
 * server, the same rooms driven from the driver process, interleaved rounds, medians, one table
 * (propagation, the servers' event loop and CPU, reach) with the scenario's p99 target.
 * Scenarios 1 (typical) and 2 (AG) differ only by their rooms, presence and target.
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
  type Row,
} from './report.ts';

export interface FloorScenario {
  /** "Scenario 1 — typical load": the table's title starts with it. */
  name: string;
  /** What each round runs, e.g. "50 documents × 10 clients, 2 typing at 5 edits/s". */
  load: string;
  documents: number;
  /** The floor's document names (Pilotis creates its own cycles). */
  floorDocuments: string[];
  clients: number;
  writers: number;
  editsPerSecond: number;
  /** A presence update after every edit (the cursor moves). */
  presence: boolean;
  /** Load processes driving the clients (see load.ts). */
  drivers: number;
  /** p99 target: at most this many ms, and at most 1.5× the floor. */
  p99Max: number;
  /** Also print p95. */
  p95: boolean;
}

export async function runAgainstFloor(scenario: FloorScenario): Promise<void> {
  const floor = await startFloor();
  const pilotis = await startPilotis();
  const driver = Driver.start(scenario.drivers);
  try {
    await signUp(pilotis);
    const names = {
      [pilotis.name]: await createCycles(pilotis, scenario.documents),
      [floor.name]: scenario.floorDocuments,
    };
    const servers = new Map([pilotis, floor].map((s) => [s.name, s]));
    console.info(
      `${scenario.name.split(' — ')[0]} — ${scenario.load}; clients in ${driver.processes} load process(es)`,
    );
    const results = await interleave([floor.name, pilotis.name], async (name) => {
      const server = servers.get(name)!;
      await driver.connect([server], rooms(names[name]!, scenario.clients, scenario.writers));
      try {
        return await measure(driver, server, {
          editsPerSecond: scenario.editsPerSecond,
          presence: scenario.presence,
        });
      } finally {
        await driver.disconnect();
      }
    });
    const p = medians(results.get(pilotis.name)!);
    const f = medians(results.get(floor.name)!);
    const rows: Row[] = [
      { metric: 'propagation p50 (ms)', pilotis: p.p50, floor: f.p50 },
      ...(scenario.p95 ? [{ metric: 'propagation p95 (ms)', pilotis: p.p95, floor: f.p95 }] : []),
      {
        metric: 'propagation p99 (ms)',
        pilotis: p.p99,
        floor: f.p99,
        target: `≤ 1.5× floor, ≤ ${scenario.p99Max}`,
        pass: p.p99 <= 1.5 * f.p99 && p.p99 <= scenario.p99Max,
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
    ];
    printTable(
      `${scenario.name}: ${scenario.load} (${ROUNDS} rounds × ${SECONDS} s, medians)`,
      rows,
    );
  } finally {
    await driver.stop();
    await pilotis.stop();
    await floor.stop();
  }
}
