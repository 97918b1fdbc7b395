/** A cycle document filled to `rows` rows with realistic French text, for benchmarks. */
import * as Y from 'yjs';
import { addRow, cycleFromTemplate, readCycle, writeCycle } from '@pilotis/shared';

export function bigCycleDoc(rows: number): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(
    doc,
    cycleFromTemplate({ organisationName: 'Fédération des Œuvres d’Été', year: 2026 }),
  );
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
  return doc;
}
