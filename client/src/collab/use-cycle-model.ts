/**
 * A plain snapshot of the cycle (readCycle) that re-renders when the document changes: at most
 * once per animation frame for text typing and remote updates, but at once for this person's
 * structure changes (a row added must exist before their next keystroke lands). Entities that did
 * not change keep their objects from one snapshot to the next, and typing in a row's texts or in a
 * section only re-reads that row's texts or that section (share-model.ts): a keystroke renders one
 * grid line, and in the Textes view does not read the cycle's other sections again.
 */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { readCycle, type CycleModel } from '@pilotis/shared';
import { patchTyping, shareModel, type ChangedType } from './share-model.ts';

export function useCycleModel(doc: Y.Doc | null): CycleModel | null {
  const [model, setModel] = useState<CycleModel | null>(() => (doc ? readCycle(doc) : null));
  useEffect(() => {
    if (!doc) return;
    let frame = 0;
    // What changed since the last snapshot: the types typed in, or "everything" (null).
    let changed: Set<ChangedType> | null = null;
    const readAll = () => {
      changed = new Set();
      setModel((previous) => shareModel(previous, readCycle(doc)));
    };
    const refresh = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const types = changed;
        if (!types) return readAll();
        changed = new Set();
        setModel(
          (previous) =>
            (previous && patchTyping(doc, previous, types)) ?? shareModel(previous, readCycle(doc)),
        );
      });
    };
    const handleTransaction = (transaction: Y.Transaction) => {
      if (transaction.changed.size === 0) return;
      const types = [...transaction.changed.keys()];
      // What was typed in is sorted out at the next frame (patchTyping); anything it does not
      // recognise there is read whole.
      if (changed) for (const type of types) changed.add(type);
      const structural = transaction.local && types.some((type) => type instanceof Y.Map);
      if (!structural) return refresh();
      cancelAnimationFrame(frame);
      frame = 0;
      readAll();
    };
    changed = null;
    refresh();
    doc.on('afterTransaction', handleTransaction);
    return () => {
      doc.off('afterTransaction', handleTransaction);
      cancelAnimationFrame(frame);
    };
  }, [doc]);
  return doc ? model : null;
}
