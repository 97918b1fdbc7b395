/**
 * Edit propagation on loopback: one document, 10 connected clients, one of them typing; for each
 * edit, the time until each of the 9 others has it. Measured against Pilotis (`npm start`'s entry
 * point, PGlite storage, update log on every edit) and a bare Hocuspocus server in the same run.
 *
 *   npm run bench            (from the repository root)
 */
import { bareTarget, CLIENTS, EDITS, INTERVAL_MS, measure, pilotisTarget } from './bench-utils.ts';

const results: { name: string; p50: number; p95: number; max: number; samples: number }[] = [];
for (const start of [bareTarget, pilotisTarget]) {
  const target = await start();
  try {
    results.push({ name: target.name, ...(await measure(target)) });
  } finally {
    await target.stop();
  }
}

console.info(
  `\nEdit propagation — 1 document, ${CLIENTS} clients, ${EDITS} edits every ${INTERVAL_MS} ms, loopback`,
);
console.info('target                          p50 (ms)   p95 (ms)   max (ms)   samples');
for (const r of results) {
  console.info(
    `${r.name.padEnd(31)} ${r.p50.toFixed(2).padStart(8)}   ${r.p95.toFixed(2).padStart(8)}   ${r.max.toFixed(2).padStart(8)}   ${r.samples}`,
  );
}
const [floor, pilotis] = results;
if (floor && pilotis)
  console.info(`Pilotis / floor, p95: ${(pilotis.p95 / floor.p95).toFixed(2)}×`);
process.exit(0);
