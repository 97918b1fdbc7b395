/**
 * Large cycles for benchmarks: rows with realistic French text, sections of prose, and comment
 * threads written straight into the database.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
  ROOT,
  SECTION_BODY,
  addFreeSection,
  addRow,
  cycleFromTemplate,
  paragraphElements,
  readCycle,
  writeCycle,
} from '@pilotis/shared';
import type { Database } from '../src/db/database.ts';

/** Add rows to the cycle in `doc` until it holds `rows`. */
export function fillRows(doc: Y.Doc, rows: number): void {
  const domains = readCycle(doc).domains;
  doc.transact(() => {
    for (let i = readCycle(doc).rows.length; i < rows; i++) {
      addRow(doc, domains[i % domains.length]!.id, {
        label: `Indicateur ${i} : part des actions menées avec les parties prenantes du territoire`,
        baseline: `État des lieux ${i} : 42,5 % en 2026, établi à partir du bilan social\net des comptes rendus « AG »`,
        target1y: 'Atteindre 45 % ; budget de 1 234,50 €',
        target3y: 'Au moins 50 % et un débat annuel',
        nature: i % 2 ? 'quantitative' : 'qualitative',
        unit: i % 2 ? '%' : '',
        sources: 'Bilan social 2026',
      });
    }
  });
}

/** A cycle document filled to `rows` rows. */
export function bigCycleDoc(rows: number): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(
    doc,
    cycleFromTemplate({ organisationName: 'Fédération des Œuvres d’Été', year: 2026 }),
  );
  fillRows(doc, rows);
  return doc;
}

const WORDS =
  'La gouvernance démocratique de l’association repose sur une assemblée générale ouverte où chaque adhérent vote et débat des orientations ; le binôme salarié élu prépare les travaux'.split(
    ' ',
  );

/** `words` words of French prose, in paragraphs of about 100 words. */
export function prose(words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[i % WORDS.length]!);
  return out.map((word, i) => (i > 0 && i % 100 === 0 ? `\n${word}` : word)).join(' ');
}

/** Add free sections until the cycle holds `sections`, and give every section `words` words. */
export function fillSections(doc: Y.Doc, sections: number, words: number): void {
  doc.transact(() => {
    const existing = readCycle(doc).sections.length;
    for (let i = existing; i < sections; i++) addFreeSection(doc, `Section libre ${i + 1}`);
    doc.getMap<Y.Map<unknown>>(ROOT.sections).forEach((section) => {
      const body = section.get(SECTION_BODY) as Y.XmlFragment;
      body.insert(0, paragraphElements(prose(words)));
    });
  });
}

/**
 * `threads` comment threads of `messages` messages each on the cycle's rows (in turn), by
 * `authorId`, written in one transaction; resolves with the threads' ids.
 */
export async function seedComments(
  db: Database,
  cycle: { id: string; rows: { id: string; label: string }[] },
  authorId: string,
  threads: number,
  messages: number,
): Promise<string[]> {
  const threadIds: string[] = [];
  await db.transaction(async (tx) => {
    for (let t = 0; t < threads; t += 1) {
      const id = randomUUID();
      threadIds.push(id);
      const row = cycle.rows[t % cycle.rows.length]!;
      await tx.query(
        `INSERT INTO comment_threads (id, cycle_id, anchor_kind, anchor_id, quote, created_by)
         VALUES ($1, $2, 'row', $3, $4, $5)`,
        [id, cycle.id, row.id, row.label, authorId],
      );
      for (let m = 0; m < messages; m += 1) {
        await tx.query(
          `INSERT INTO comment_messages (id, thread_id, author_id, body, created_at)
           VALUES ($1, $2, $3, $4, now() - ($5::int * interval '1 minute'))`,
          [
            randomUUID(),
            id,
            authorId,
            `Commentaire n° ${m + 1} du fil ${t + 1} : l’état des lieux à 38,5 % mérite une précision.`,
            messages - m,
          ],
        );
      }
    }
  });
  return threadIds;
}
