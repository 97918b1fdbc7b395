/**
 * Seeded convergence fuzz on a live server (issue 8): one real server (PostgreSQL), 200 seeds.
 * Each seed opens a fresh cycle with 3 to 6 providers, each on its own socket, which type (emoji,
 * ZWJ sequences, combining accents, apostrophes, line breaks) through the textarea diff, add, move,
 * delete and restore rows, import, and drop off and come back; delivery is random (sometimes
 * nothing is delivered between two edits, sometimes a little, sometimes everything one client sent).
 * At the end every client, the server's document and the document reloaded from storage are
 * identical — deleted entities included — with no U+FFFD and no lone surrogate. A failure names its
 * seed; `FUZZ_SEED=<n>` runs that seed alone. Documents hold two guide themes, so 200 seeds fit the
 * time of a test file. (The in-memory fuzz is shared/src/grid/convergence.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addRow,
  applyImport,
  cycleDocumentName,
  cycleFromTemplate,
  GUIDE_TEMPLATE,
  parseCycleDocumentName,
  deleteRow,
  moveRow,
  readCycle,
  readTrash,
  restore,
  ROOT,
  rowText,
  setTextByDiff,
  writeCycle,
} from '@pilotis/shared';
import {
  acknowledged,
  connectClient,
  createStorage,
  signUp,
  startServer,
  testConfig,
  waitFor,
  type Person,
  type RunningServer,
  type Storage,
  type TestClient,
} from './helpers.ts';

const SEEDS = 200;
/** Seeds run this many at a time on the one server (each has its own document and sockets). */
const AT_ONCE = 4;
const STEPS = 10;
const PIECES = ['é', 'à', 'ç', '😀', '👩‍💻', '🇫🇷', 'e\u0301', ' ', '’', 'Œ', '\n', '38,5 %'];

/** Small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Objects with their keys sorted, so two documents compare whatever the insertion order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Everything in the document, deleted (trashed) entities included. */
function snapshot(doc: Y.Doc): string {
  return JSON.stringify(
    canonical(
      Object.fromEntries(Object.values(ROOT).map((root) => [root, doc.getMap(root).toJSON()])),
    ),
  );
}

/** Polls `condition` (every 25 ms, up to 15 s); rejects when it never holds. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Where two snapshots part, for the failure message. */
function difference(actual: string, expected: string): string {
  let at = 0;
  while (at < actual.length && actual[at] === expected[at]) at++;
  const from = Math.max(0, at - 120);
  return `client …${actual.slice(from, at + 120)}… server …${expected.slice(from, at + 120)}…`;
}

interface FuzzClient extends TestClient {
  online: boolean;
}

/** Reconnects a client whose socket was closed (connect() does nothing until it has closed). */
async function comeBack(client: TestClient): Promise<void> {
  await waitFor(() => client.socket.status === 'disconnected', 'the socket to close');
  void client.socket.connect();
}

async function runSeed(
  server: RunningServer,
  pilote: Person,
  organisationId: string,
  seed: number,
): Promise<void> {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  // A cycle of two guide themes (instead of ten) for this seed in the fuzz organisation: small
  // documents keep 200 seeds within the time of a test file. The document is stored before the
  // cycle row exists, as cycles.service does.
  const documentName = cycleDocumentName(randomUUID());
  const small = new Y.Doc();
  writeCycle(
    small,
    cycleFromTemplate({ organisationName: 'Fuzz', year: 2026 }, GUIDE_TEMPLATE.slice(0, 2)),
  );
  await server.app.documents.store(documentName, Y.encodeStateAsUpdate(small), []);
  await server.app.db.query(
    'INSERT INTO cycles (id, organisation_id, year, stage, document_name) VALUES ($1, $2, $3, $4, $5)',
    [
      parseCycleDocumentName(documentName),
      organisationId,
      3000 + seed,
      'working-group',
      documentName,
    ],
  );
  const count = 3 + Math.floor(rand() * 4);
  const clients: FuzzClient[] = (
    await Promise.all(
      Array.from({ length: count }, () => connectClient(server.wsUrl, documentName, pilote)),
    )
  ).map((client) => ({ ...client, online: true }));
  try {
    for (let step = 0; step < STEPS; step++) {
      const client = pick(clients);
      const { doc } = client;
      const rows = readCycle(doc).rows;
      const action = rand();
      if (action < 0.45 && rows.length > 0) {
        // Typing at a grapheme boundary, sometimes over two characters, through the diff.
        const text = rowText(doc, pick(rows).id, pick(['label', 'baseline', 'target1y'] as const));
        const before = text.toString();
        const points = [...new Intl.Segmenter().segment(before)].map((s) => s.index);
        const at = pick([...points, before.length]);
        const cut = rand() < 0.3 ? at + 2 : at;
        const end = [...points, before.length].find((p) => p >= cut) ?? before.length;
        const piece = pick(PIECES) + pick(PIECES);
        setTextByDiff(text, before.slice(0, at) + piece + before.slice(end), at + piece.length);
      } else if (action < 0.55) {
        addRow(doc, pick(readCycle(doc).domains).id, { label: `Ligne ${seed}-${step} ✨` });
      } else if (action < 0.63 && rows.length > 0) {
        moveRow(doc, pick(rows).id, rand() < 0.5 ? -1 : 1);
      } else if (action < 0.71 && rows.length > 0) {
        deleteRow(doc, pick(rows).id, 'Fuzz');
      } else if (action < 0.77) {
        const trash = readTrash(doc);
        if (trash.length > 0) {
          const item = pick(trash);
          restore(doc, item.kind, item.id);
        }
      } else if (action < 0.83 && rows.length > 0) {
        applyImport(
          doc,
          {
            rows: [
              {
                themeNumber: 1,
                domainTitle: 'Transparence',
                label: pick(rows).label,
                baseline: `Importé ${seed} : 72 % 😀`,
                target1y: 'l’objectif',
                target3y: '',
              },
            ],
            themes: [],
          },
          { all: rand() < 0.5 },
        );
      } else if (client.online) {
        // Drops off (its socket closes); it edits offline and comes back at a later step.
        client.online = false;
        client.socket.disconnect();
        if (rows.length > 0) {
          const text = rowText(doc, pick(rows).id, 'sources');
          setTextByDiff(text, `hors ligne é😀 ${text.toString()}`, 14);
        }
      } else {
        client.online = true;
        await comeBack(client);
      }
      // Random delivery: nothing, a few turns of the event loop, or one client's acknowledgement.
      const delivery = rand();
      if (delivery < 0.3) continue;
      if (delivery < 0.7) {
        for (let turn = Math.floor(rand() * 4); turn >= 0; turn--) {
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      } else {
        const online = clients.filter((c) => c.online && c.provider.isSynced);
        if (online.length > 0) await acknowledged(pick(online));
      }
    }
    for (const client of clients) {
      if (!client.online) await comeBack(client);
      client.online = true;
    }
    for (const client of clients) {
      await waitFor(() => client.provider.isSynced, 'resync');
      await acknowledged(client);
    }
    const serverDoc = server.app.hocuspocus.documents.get(documentName)!;
    // A client may be synced while what it kept offline is still on its way to the server:
    // wait until everyone holds what the server holds at that moment.
    let expected = '';
    await until(() => {
      expected = snapshot(serverDoc);
      return clients.every((client) => snapshot(client.doc) === expected);
    }).catch(() => {
      const index = clients.findIndex((client) => snapshot(client.doc) !== expected);
      throw new Error(
        `client ${index} differs from the server: ${difference(snapshot(clients[index]!.doc), expected)}`,
      );
    });
    expect(readCycle(clients[0]!.doc)).toEqual(readCycle(serverDoc));
    // Reloaded from storage (state + update log), as after a restart, once the log is written.
    let reloaded = '';
    await until(async () => {
      reloaded = snapshot(await server.app.documents.loadDoc(documentName));
      return reloaded === expected;
    }).catch(() => {
      throw new Error(`the reloaded document differs: ${difference(reloaded, expected)}`);
    });
    expect(expected).not.toContain('\ufffd');
    expect(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(expected),
    ).toBe(false);
  } finally {
    for (const client of clients) client.destroy();
  }
}

describe('convergence fuzz on a live server (postgres)', () => {
  let storage: Storage;
  let server: RunningServer;
  let pilote: Person;
  let organisationId: string;

  beforeAll(async () => {
    storage = await createStorage('postgres');
    server = await startServer(testConfig(storage));
    pilote = await signUp(server.httpUrl, 'Pauline Pilote');
    organisationId = (await pilote.post('/api/organisations', { name: 'Coopérative du fuzz' })).body
      .id;
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  const only = Number(process.env.FUZZ_SEED) || null;
  const seeds = only ? [only] : Array.from({ length: SEEDS }, (_, index) => index + 1);
  // Batches of seeds, each seed of a batch on its own document at the same time; one test per
  // batch so the report stays short, and the failing seed is in the message.
  for (let first = 0; first < seeds.length; first += AT_ONCE * 5) {
    const batch = seeds.slice(first, first + AT_ONCE * 5);
    it(
      `seeds ${batch[0]}–${batch.at(-1)}: every client, the server and the reload agree`,
      {
        timeout: 120_000,
      },
      async () => {
        const queue = [...batch];
        const failures: string[] = [];
        await Promise.all(
          Array.from({ length: AT_ONCE }, async () => {
            for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
              try {
                await runSeed(server, pilote, organisationId, seed);
              } catch (error) {
                failures.push(`seed ${seed}: ${(error as Error).message}`);
              }
            }
          }),
        );
        expect(failures, `convergence fuzz failed — rerun with FUZZ_SEED=<seed>`).toEqual([]);
      },
    );
  }
});
