/**
 * Drag and drop of grid lines with the mouse (the keyboard moves lines with Alt+↑/↓): the grip
 * that starts a drag and the drop-target behaviour of rows and domains.
 */
import { useState, type DragEvent } from 'react';

const DRAG_TYPE = 'application/x-pilotis-line';

/**
 * A line that accepts dropped rows or domains: the highlight while something is dragged over it,
 * and the dragged line's kind ('r' or 'd') and id handed to `onDrop`.
 */
export function useDropTarget(onDrop: (kind: string, id: string) => void) {
  const [dropping, setDropping] = useState(false);
  const handlers = {
    onDragOver: (event: DragEvent) => {
      if (event.dataTransfer.types.includes(DRAG_TYPE)) {
        event.preventDefault();
        setDropping(true);
      }
    },
    onDragLeave: () => setDropping(false),
    onDrop: (event: DragEvent) => {
      setDropping(false);
      const [kind, id] = event.dataTransfer.getData(DRAG_TYPE).split(':');
      if (!kind || !id) return;
      event.preventDefault();
      onDrop(kind, id);
    },
  };
  return { dropping, handlers };
}

/** The grip that starts dragging a line; `payload` is `r:<row id>` or `d:<domain id>`. */
export function DragHandle({ payload, title }: { payload: string; title: string }) {
  return (
    <span
      className="drag-handle"
      draggable
      onDragStart={(event) => event.dataTransfer.setData(DRAG_TYPE, payload)}
      title={title}
      aria-hidden="true"
    >
      ⠿
    </span>
  );
}
