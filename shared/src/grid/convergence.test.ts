/**
 * Seeded convergence fuzz over the document operations (in memory: each peer is a Y.Doc whose
 * updates reach the others in random order, with disconnections that hold them back). Typing with
 * emoji and accents through the textarea diff, row add / move / delete / restore, imports; at the
 * end every peer and a reloaded document are identical and hold no U+FFFD. A failure names its seed.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, rowText, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { GUIDE_TEMPLATE } from '../template/guide-template.ts';
import { setTextByDiff } from '../text/text-diff.ts';
import { addRow, deleteRow, moveRow } from './grid-ops.ts';
import { applyImport } from './import-merge.ts';
import { readTrash, restore } from './trash.ts';

const SEEDS = 200;
const PIECES = ['é', 'à', 'ç', '😀', '👩‍💻', '🇫🇷', 'e\u0301', ' ', '’', 'Œ', '\n', 'x'];

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

function runSeed(seed: number): void {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const origin = new Y.Doc();
  // Two themes of the guide: small documents keep 200 seeds within seconds.
  writeCycle(
    origin,
    cycleFromTemplate({ organisationName: 'Fuzz', year: 2026 }, GUIDE_TEMPLATE.slice(0, 2)),
  );
  const peers = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin));
    return { doc, online: true, inbox: [] as Uint8Array[] };
  });
  for (const peer of peers) {
    peer.doc.on('update', (update: Uint8Array, from: unknown) => {
      if (from === 'remote') return;
      for (const other of peers) if (other !== peer) other.inbox.push(update);
    });
  }
  const deliver = (peer: (typeof peers)[number], all = false) => {
    while (peer.inbox.length > 0 && (all || rand() < 0.7)) {
      const index = all ? 0 : Math.floor(rand() * peer.inbox.length);
      Y.applyUpdate(peer.doc, peer.inbox.splice(index, 1)[0]!, 'remote');
    }
  };
  for (let step = 0; step < 20; step++) {
    const peer = pick(peers);
    const { doc } = peer;
    const rows = readCycle(doc).rows;
    const action = rand();
    if (action < 0.5 && rows.length > 0) {
      // Typing: the textarea's new value goes through the diff, like CollabText.
      const text = rowText(doc, pick(rows).id, pick(['label', 'baseline', 'target1y'] as const));
      const before = text.toString();
      const points = [...new Intl.Segmenter().segment(before)].map((s) => s.index);
      const at = points.length ? pick([...points, before.length]) : 0;
      const cut = rand() < 0.3 ? Math.min(before.length, at + 2) : at;
      const safeCut = [...points, before.length].find((p) => p >= cut) ?? before.length;
      const after = before.slice(0, at) + pick(PIECES) + pick(PIECES) + before.slice(safeCut);
      setTextByDiff(text, after, at + 2);
    } else if (action < 0.6) {
      addRow(doc, pick(readCycle(doc).domains).id, { label: `Ligne ${seed}-${step} ✨` });
    } else if (action < 0.7 && rows.length > 0) {
      moveRow(doc, pick(rows).id, rand() < 0.5 ? -1 : 1);
    } else if (action < 0.8 && rows.length > 0) {
      deleteRow(doc, pick(rows).id, 'Fuzz');
    } else if (action < 0.87) {
      const trash = readTrash(doc);
      if (trash.length > 0) {
        const item = pick(trash);
        restore(doc, item.kind, item.id);
      }
    } else if (action < 0.92 && rows.length > 0) {
      const row = pick(rows);
      applyImport(
        doc,
        {
          rows: [
            {
              themeNumber: 1,
              domainTitle: 'Transparence',
              label: row.label,
              baseline: `Importé ${seed} : 72 % 😀`,
              target1y: 'l’objectif',
              target3y: '',
            },
          ],
          themes: [],
        },
        { all: rand() < 0.5 },
      );
    } else {
      peer.online = !peer.online;
    }
    for (const other of peers) if (other.online) deliver(other);
  }
  for (const peer of peers) deliver(peer, true);
  const reference = readCycle(peers[0]!.doc);
  const reloaded = new Y.Doc();
  Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(peers[0]!.doc));
  for (const peer of peers) expect(readCycle(peer.doc)).toEqual(reference);
  expect(readCycle(reloaded)).toEqual(reference);
  const json = JSON.stringify(reference) + JSON.stringify(readTrash(reloaded));
  expect(json).not.toContain('\ufffd');
  expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(json)).toBe(
    false,
  );
}

describe('convergence fuzz', () => {
  // Four batches of 50 seeds, so each reports on its own and none runs long.
  for (let batch = 0; batch < SEEDS / 50; batch++) {
    it(`converges for seeds ${batch * 50 + 1}–${batch * 50 + 50}`, { timeout: 120_000 }, () => {
      for (let seed = batch * 50 + 1; seed <= batch * 50 + 50; seed++) {
        try {
          runSeed(seed);
        } catch (error) {
          throw new Error(`convergence fuzz failed for seed ${seed}: ${(error as Error).message}`);
        }
      }
    });
  }
});
