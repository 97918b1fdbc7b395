import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readCycle, rowText, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { createUndoManager } from './undo.ts';

function newDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Test', year: 2026 }));
  return doc;
}

describe('undo steps do not depend on typing speed', () => {
  afterEach(() => vi.useRealTimers());

  it('undoes a cell typed one key every few seconds as one step', () => {
    vi.useFakeTimers();
    const doc = newDoc();
    const mine = {};
    const undo = createUndoManager(doc, mine);
    const rowId = readCycle(doc).rows[0]!.id;
    const text = rowText(doc, rowId, 'sources');
    for (const character of 'Registre des délibérations') {
      doc.transact(() => text.insert(text.length, character), mine);
      vi.advanceTimersByTime(5_000); // a busy machine, or a slow typist
    }
    expect(text.toString()).toBe('Registre des délibérations');
    undo.undo();
    expect(text.toString()).toBe('');
  });

  it('keeps two cells apart however fast they are typed once the step is closed', () => {
    vi.useFakeTimers();
    const doc = newDoc();
    const mine = {};
    const undo = createUndoManager(doc, mine);
    const rowId = readCycle(doc).rows[0]!.id;
    doc.transact(() => rowText(doc, rowId, 'baseline').insert(0, '38,5 %'), mine);
    undo.stopCapturing(); // the person moves to the next cell
    doc.transact(() => rowText(doc, rowId, 'sources').insert(0, 'Bilan’s'), mine);
    undo.undo();
    expect(rowText(doc, rowId, 'sources').toString()).toBe('');
    expect(rowText(doc, rowId, 'baseline').toString()).toBe('38,5 %');
  });
});
