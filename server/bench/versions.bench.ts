/**
 * Versions of a 600-row cycle: comparing two versions with 100 changed cells (median of 20), and
 * restoring a 600-row version while 10 clients are connected and one of them types: the restore's
 * time, and edit propagation p95 during it against the same measurement idle.
 */
import * as Y from 'yjs';
import { compareCycles, readCycle, rowText, type RowTextField } from '@pilotis/shared';
import { bigCycleDoc } from './big-cycle.ts';
import { connect, measure, percentile, pilotisTarget, waitUntil } from './bench-utils.ts';

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
const FIELDS: RowTextField[] = ['label', 'baseline', 'target1y', 'target3y', 'sources'];

/** Change `count` distinct cells of `doc` (seeded, so every run compares the same thing). */
function changeCells(doc: Y.Doc, count: number): void {
  const rows = readCycle(doc).rows;
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const done = new Set<string>();
  while (done.size < count) {
    const row = rows[Math.floor(next() * rows.length)]!;
    const field = FIELDS[Math.floor(next() * FIELDS.length)]!;
    if (done.has(`${row.id}:${field}`)) continue;
    done.add(`${row.id}:${field}`);
    rowText(doc, row.id, field).insert(0, 'Révisé après le CA : ');
  }
}

const doc = bigCycleDoc(600);
const before = readCycle(doc);
changeCells(doc, 100);
const after = readCycle(doc);
const times: number[] = [];
let cells = 0;
for (let i = 0; i < 20; i++) {
  const start = performance.now();
  cells = compareCycles(before, after).cells.length;
  times.push(performance.now() - start);
}
console.info('\nVersions of a 600-row cycle');
console.info(
  `compare two versions, ${cells} changed cells: ${median(times).toFixed(1)} ms (median of 20)`,
);

const target = await pilotisTarget();
try {
  const filler = new Y.Doc();
  const { provider, socket } = connect(target, filler);
  await waitUntil(() => provider.isSynced);
  const big = bigCycleDoc(600);
  Y.applyUpdate(filler, Y.encodeStateAsUpdate(big));
  await waitUntil(() => !provider.hasUnsyncedChanges, 60_000);
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${target.httpUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: target.cookie ?? '' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { id: string };
  };
  const version = await post(`/api/cycles/${target.cycleId}/versions`, {
    label: 'Version présentée au CA',
    stage: 'board',
  });
  changeCells(filler, 100);
  await waitUntil(() => !provider.hasUnsyncedChanges, 60_000);
  provider.destroy();
  socket.destroy();

  const idle = (await measure(target)).p95;
  // Restore while 10 clients are connected and one types (the same measurement), once it runs.
  const during = measure(target);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const start = performance.now();
  await post(`/api/versions/${version.id}/restore`, {});
  const restoreMs = performance.now() - start;
  const busy = (await during).p95;
  console.info(`restore a 600-row version (freeze first, then apply): ${restoreMs.toFixed(0)} ms`);
  console.info(
    `propagation p95 with 10 clients: idle ${idle.toFixed(1)} ms, during the restore ${busy.toFixed(1)} ms`,
  );
} finally {
  await target.stop();
}
