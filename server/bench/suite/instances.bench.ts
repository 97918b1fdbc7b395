/**
 * Scenario 5 — two instances over Redis: Pilotis A and B on one fresh PostgreSQL database (created
 * for the run, dropped after) and Redis (127.0.0.1:6379). 10 documents × 10 clients, 2 typing at
 * 5 edits/s. "Single": every client on A. "Cross": the writers on A, the readers on B, so every
 * edit crosses Redis. Interleaved rounds, medians; the target is cross p99 ≤ single p99 + 10 ms.
 *
 *   node bench/suite/instances.bench.ts
 *   BENCH_DOCUMENTS, BENCH_CLIENTS, BENCH_WRITERS, BENCH_RATE, BENCH_ROUNDS, BENCH_SECONDS,
 *   BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_POSTGRES_ADMIN_URL
 */
import { Driver, rooms } from './load.ts';
import { createCycles, freshDatabase, signUp, startPilotis } from './servers.ts';
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

const DOCUMENTS = setting('BENCH_DOCUMENTS', 10);
const CLIENTS = setting('BENCH_CLIENTS', 10);
const WRITERS = setting('BENCH_WRITERS', 2);
const RATE = setting('BENCH_RATE', 5);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const database = await freshDatabase();
try {
  const a = await startPilotis({ databaseUrl: database.url, redisUrl: REDIS_URL, name: 'A' });
  const b = await startPilotis({ databaseUrl: database.url, redisUrl: REDIS_URL, name: 'B' });
  const driver = Driver.start();
  try {
    await signUp(a);
    // Sessions live in the shared database: B takes A's cookie.
    b.cookie = a.cookie;
    const names = await createCycles(a, DOCUMENTS);
    console.info(
      `Scenario 5 — ${DOCUMENTS} documents × ${CLIENTS} clients, ${WRITERS} typing at ${RATE} edits/s, instances A and B over Redis`,
    );
    const results = await interleave(['single', 'cross'], async (mode) => {
      // Writers are the first clients of each room: on A; the readers on A or B.
      const serverOf = (client: number) => (mode === 'cross' && client >= WRITERS ? 1 : 0);
      await driver.connect([a, b], rooms(names, CLIENTS, WRITERS, serverOf));
      try {
        return await measure(driver, [a, b], { editsPerSecond: RATE, presence: false });
      } finally {
        await driver.disconnect();
      }
    });
    const single = medians(results.get('single')!);
    const cross = medians(results.get('cross')!);
    const table = (
      metric: string,
      pick: (m: typeof single) => number,
      format?: (n: number) => string,
    ) => ({
      metric,
      pilotis: pick(cross),
      floor: pick(single),
      format,
    });
    printTable(
      `Scenario 5 — two instances over Redis: cross (writers on A, readers on B) against single (all on A) (${DOCUMENTS} documents × ${CLIENTS} clients, ${WRITERS} typing at ${RATE} edits/s; ${ROUNDS} rounds × ${SECONDS} s, medians)`,
      [
        table('propagation p50 (ms)', (m) => m.p50),
        table('propagation p95 (ms)', (m) => m.p95),
        {
          ...table('propagation p99 (ms)', (m) => m.p99),
          target: '≤ single + 10 ms',
          pass: cross.p99 <= single.p99 + 10,
        },
        table("A's event-loop delay p99 (ms)", (m) => m.loopP99),
        table("B's event-loop delay p99 (ms)", (m) => m.loopP99B),
        table("A's CPU (share of a core)", (m) => m.cpu, pct),
        table("B's CPU (share of a core)", (m) => m.cpuB, pct),
        {
          ...table('reach (lowest round)', (m) => m.reach, pct),
          target: '100 %',
          pass: cross.reach === 1,
        },
      ],
      ['cross', 'single'],
    );
  } finally {
    await driver.stop();
    await a.stop();
    await b.stop();
  }
} finally {
  await database.drop();
}
process.exit(0);
