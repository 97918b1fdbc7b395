/**
 * A plain snapshot of the cycle (readCycle) that re-renders when the document changes, at most
 * once per animation frame however many updates arrive.
 */
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { readCycle, type CycleModel } from '@pilotis/shared';

export function useCycleModel(doc: Y.Doc | null): CycleModel | null {
  const [model, setModel] = useState<CycleModel | null>(() => (doc ? readCycle(doc) : null));
  useEffect(() => {
    if (!doc) return;
    let frame = 0;
    const refresh = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setModel(readCycle(doc));
      });
    };
    refresh();
    doc.on('update', refresh);
    return () => {
      doc.off('update', refresh);
      cancelAnimationFrame(frame);
    };
  }, [doc]);
  return doc ? model : null;
}
