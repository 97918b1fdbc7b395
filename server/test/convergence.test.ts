/**
 * Seeded convergence on a live server: 3 to 6 providers type (emoji, accents) through the
 * textarea diff, add, move, delete and restore rows, import, and drop off and come back; at the
 * end every client, the server's document and the document reloaded from storage are identical,
 * with no U+FFFD. (The 200-seed in-memory fuzz is shared/src/grid/convergence.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addRow,
  applyImport,
  deleteRow,
  moveRow,
  readCycle,
  readTrash,
  restore,
  rowText,
  setTextByDiff,
} from '@pilotis/shared';
import {
  acknowledged,
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  waitFor,
  type RunningServer,
  type Storage,
  type TestClient,
} from './helpers.ts';

const SEEDS = 4;
const PIECES = ['é', 'à', '😀', '👩‍💻', 'e\u0301', ' ', '’', '\n'];

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

describe('convergence on a live server (postgres)', () => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage('postgres');
    server = await startServer(testConfig(storage));
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`seed ${seed}: every client, the server and the reload agree`, async () => {
      const rand = random(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
      const cycle = await createCycle(server.httpUrl, 2026);
      const clients: TestClient[] = [];
      try {
        const count = 3 + Math.floor(rand() * 4);
        for (let i = 0; i < count; i++) {
          clients.push(await connectClient(server.wsUrl, cycle.documentName, cycle.pilote));
        }
        for (let step = 0; step < 12; step++) {
          const client = pick(clients);
          const { doc } = client;
          const rows = readCycle(doc).rows;
          const action = rand();
          if (action < 0.5) {
            const text = rowText(doc, pick(rows).id, pick(['label', 'baseline'] as const));
            const before = text.toString();
            setTextByDiff(text, before + pick(PIECES) + pick(PIECES));
          } else if (action < 0.6) {
            addRow(doc, pick(readCycle(doc).domains).id, { label: `Ligne ${seed}-${step} ✨` });
          } else if (action < 0.7) {
            moveRow(doc, pick(rows).id, rand() < 0.5 ? -1 : 1);
          } else if (action < 0.8) {
            deleteRow(doc, pick(rows).id, 'Fuzz');
          } else if (action < 0.85) {
            const trash = readTrash(doc);
            if (trash.length > 0) restore(doc, trash[0]!.kind, trash[0]!.id);
          } else if (action < 0.9) {
            const row = pick(rows);
            applyImport(doc, {
              rows: [
                {
                  themeNumber: 1,
                  domainTitle: 'Transparence',
                  label: row.label,
                  baseline: '',
                  target1y: `Importé ${seed} 😀`,
                  target3y: '',
                },
              ],
              themes: [],
            });
          } else {
            // Drops off, edits offline, comes back.
            client.provider.disconnect();
            rowText(doc, pick(rows).id, 'sources').insert(0, 'hors ligne é😀 ');
            await client.provider.connect();
          }
        }
        for (const client of clients) {
          await waitFor(() => client.provider.isSynced, 'resync');
          await acknowledged(client);
        }
        const serverDoc = server.app.hocuspocus.documents.get(cycle.documentName)!;
        const expected = readCycle(serverDoc);
        for (const client of clients) {
          await waitFor(
            () => JSON.stringify(readCycle(client.doc)) === JSON.stringify(expected),
            `client convergence (seed ${seed})`,
          );
        }
        // Reloaded from storage (state + update log), as after a restart.
        const reloaded = await server.app.documents.loadDoc(cycle.documentName);
        expect(readCycle(reloaded)).toEqual(expected);
        expect(JSON.stringify(expected)).not.toContain('\ufffd');
      } finally {
        for (const client of clients) client.destroy();
      }
    });
  }
});
