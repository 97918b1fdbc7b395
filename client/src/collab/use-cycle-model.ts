/**
 * A plain snapshot of the cycle (readCycle) that re-renders when the document changes: at most
 * once per animation frame for text typing and remote updates, but at once for this person's
 * structure changes (a row added must exist before their next keystroke lands). Entities that did
 * not change keep their objects from one snapshot to the next (share-model.ts).
 */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { readCycle, type CycleModel } from '@pilotis/shared';
import { shareModel } from './share-model.ts';

export function useCycleModel(doc: Y.Doc | null): CycleModel | null {
  const [model, setModel] = useState<CycleModel | null>(() => (doc ? readCycle(doc) : null));
  useEffect(() => {
    if (!doc) return;
    let frame = 0;
    const refresh = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setModel((previous) => shareModel(previous, readCycle(doc)));
      });
    };
    const handleTransaction = (transaction: Y.Transaction) => {
      if (transaction.changed.size === 0) return;
      const structural =
        transaction.local && [...transaction.changed.keys()].some((type) => type instanceof Y.Map);
      if (!structural) return refresh();
      cancelAnimationFrame(frame);
      frame = 0;
      setModel((previous) => shareModel(previous, readCycle(doc)));
    };
    refresh();
    doc.on('afterTransaction', handleTransaction);
    return () => {
      doc.off('afterTransaction', handleTransaction);
      cancelAnimationFrame(frame);
    };
  }, [doc]);
  return doc ? model : null;
}
