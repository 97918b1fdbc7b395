/**
 * Versions of a 600-row cycle: comparing two versions with 100 changed cells (median of 20), and
 * restoring a 600-row version (the whole of it, then one row) while 10 clients are connected and
 * one of them types, over BENCH_RESTORE_ROUNDS rounds (3): the restore route's time (p50), and the
 * propagation p95 of the edits sent while it ran against the same measurement idle.
 */
import * as Y from 'yjs';
import { compareCycles, readCycle, rowText, type RowTextField } from '@pilotis/shared';
import { bigCycleDoc } from './big-cycle.ts';
import {
  CLIENTS,
  connect,
  INTERVAL_MS,
  measure,
  percentile,
  pilotisTarget,
  waitUntil,
  type Target,
} from './bench-utils.ts';

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

/**
 * Edit propagation while `action` runs: CLIENTS clients connected, the first one typing every
 * INTERVAL_MS from a moment before the action until a moment after; latencies are kept for the
 * edits sent while the action was in flight (what people feel during it). Returns the action's time.
 */
async function measureDuring(
  target: Target,
  action: () => Promise<unknown>,
): Promise<{ actionMs: number; p95: number; samples: number }> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const clientDoc = new Y.Doc();
      const { provider, socket } = connect(target, clientDoc);
      await waitUntil(() => provider.isSynced, 60_000);
      return { doc: clientDoc, provider, socket };
    }),
  );
  const sentAt = new Map<number, number>();
  const latencies: { sent: number; ms: number }[] = [];
  for (const receiver of clients.slice(1)) {
    target.text(receiver.doc).observe((event) => {
      const now = performance.now();
      for (const op of event.delta) {
        if (typeof op.insert !== 'string') continue;
        for (const match of op.insert.matchAll(/#(\d+);/g)) {
          const sent = sentAt.get(Number(match[1]));
          if (sent !== undefined) latencies.push({ sent, ms: now - sent });
        }
      }
    });
  }
  const text = target.text(clients[0]!.doc);
  let typing = true;
  const typed = (async () => {
    for (let i = 0; typing; i++) {
      sentAt.set(i, performance.now());
      text.insert(text.length, `#${i};`);
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const start = performance.now();
  await action();
  const end = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 500));
  typing = false;
  await typed;
  await waitUntil(() => latencies.length >= sentAt.size * (CLIENTS - 1), 60_000);
  for (const client of clients) {
    client.provider.destroy();
    client.socket.destroy();
  }
  const during = latencies
    .filter((latency) => latency.sent >= start && latency.sent <= end)
    .map((latency) => latency.ms)
    .sort((x, y) => x - y);
  return { actionMs: end - start, p95: percentile(during, 95), samples: during.length };
}

const ROUNDS = Number(process.env.BENCH_RESTORE_ROUNDS ?? 3);
const target = await pilotisTarget();
try {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${target.httpUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: target.cookie ?? '' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  /** Through an 11th client, disconnected before measuring: `edit` on the live cycle. */
  const editLive = async (edit: (live: Y.Doc) => void) => {
    const live = new Y.Doc();
    const { provider, socket } = connect(target, live);
    await waitUntil(() => provider.isSynced, 60_000);
    edit(live);
    await waitUntil(() => !provider.hasUnsyncedChanges, 60_000);
    provider.destroy();
    socket.destroy();
    return readCycle(live);
  };
  const model = await editLive((live) =>
    Y.applyUpdate(live, Y.encodeStateAsUpdate(bigCycleDoc(600))),
  );
  const version = await post(`/api/cycles/${target.cycleId}/versions`, {
    label: 'Version présentée au CA',
    stage: 'board',
  });
  const rowId = model.rows[0]!.id;

  const idle = (await measure(target)).p95;
  const whole: { ms: number; p95: number; samples: number }[] = [];
  const oneRow: { ms: number; p95: number; samples: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // 100 cells edited since the version (and the first row), then the whole version restored.
    await editLive((live) => {
      changeCells(live, 100);
      rowText(live, rowId, 'baseline').insert(0, `Tour ${round} : `);
    });
    const all = await measureDuring(target, () => post(`/api/versions/${version.id}/restore`, {}));
    whole.push({ ms: all.actionMs, p95: all.p95, samples: all.samples });
    // One row edited since, then only that row restored.
    await editLive((live) => rowText(live, rowId, 'label').insert(0, `Tour ${round} : `));
    const row = await measureDuring(target, () =>
      post(`/api/versions/${version.id}/restore`, { scope: { kind: 'row', id: rowId } }),
    );
    oneRow.push({ ms: row.actionMs, p95: row.p95, samples: row.samples });
  }
  const line = (name: string, runs: typeof whole) =>
    console.info(
      `${name}: route ${median(runs.map((r) => r.ms)).toFixed(0)} ms p50 of ${runs.length} ` +
        `(${runs.map((r) => r.ms.toFixed(0)).join(', ')}); propagation p95 during it ` +
        `${median(runs.map((r) => r.p95)).toFixed(1)} ms (median of the rounds' p95, ` +
        `${runs.reduce((sum, r) => sum + r.samples, 0)} samples)`,
    );
  console.info(`propagation p95 with ${CLIENTS} clients, idle: ${idle.toFixed(1)} ms`);
  line('restore a 600-row version (freeze first, then apply)', whole);
  line('restore one row of it', oneRow);
} finally {
  await target.stop();
}
