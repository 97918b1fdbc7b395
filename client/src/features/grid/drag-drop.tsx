/**
 * Drag and drop of grid lines with the mouse (the keyboard moves lines with Alt+↑/↓): the grip
 * that starts a drag, the drop-target behaviour of rows and domains, and the grid scrolling by
 * itself while a line is held near its top or bottom edge (the line to drop on is often out of
 * view: a domain with its rows is taller than a laptop's grid).
 */
import { useEffect, useState, type DragEvent, type RefObject } from 'react';

/** What is dragged: the kind is in the type, readable while dragging (the data is not). */
const DRAG_TYPES = { r: 'application/x-pilotis-row', d: 'application/x-pilotis-domain' } as const;
export type DragKind = keyof typeof DRAG_TYPES;

function draggedKind(event: DragEvent | globalThis.DragEvent): DragKind | null {
  const types = event.dataTransfer?.types ?? [];
  if (types.includes(DRAG_TYPES.r)) return 'r';
  if (types.includes(DRAG_TYPES.d)) return 'd';
  return null;
}

/**
 * A line that accepts dropped rows or domains (`accepts` lists which): the highlight while
 * something it accepts is dragged over it, and the dragged line's kind and id handed to `onDrop`.
 */
export function useDropTarget(accepts: DragKind[], onDrop: (kind: DragKind, id: string) => void) {
  const [dropping, setDropping] = useState(false);
  const handlers = {
    onDragOver: (event: DragEvent) => {
      const kind = draggedKind(event);
      if (kind && accepts.includes(kind)) {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        if (!dropping) setDropping(true);
      }
    },
    onDragLeave: (event: DragEvent) => {
      // Moving between the line's own cells is not leaving it.
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
    },
    onDrop: (event: DragEvent) => {
      setDropping(false);
      const kind = draggedKind(event);
      if (!kind || !accepts.includes(kind)) return;
      const id = event.dataTransfer.getData(DRAG_TYPES[kind]);
      if (!id) return;
      event.preventDefault();
      onDrop(kind, id);
    },
  };
  return { dropping, handlers };
}

/** The grip that starts dragging a line. */
export function DragHandle({ kind, id, title }: { kind: DragKind; id: string; title: string }) {
  return (
    <span
      className="drag-handle"
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPES[kind], id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      title={title}
      aria-hidden="true"
    >
      ⠿
    </span>
  );
}

/** Distance from the grid's edges (px) within which a held line scrolls the grid. */
const EDGE = 72;
/** Fastest scroll, in px per frame, reached at the very edge (and beyond it). */
const MAX_SPEED = 24;
/** Without a dragover for this long, the drag has ended somewhere we did not hear of. */
const IDLE_MS = 1000;

/** How fast to scroll (px per frame, negative: up) for a pointer at `y` over a box. */
export function autoscrollSpeed(y: number, top: number, bottom: number): number {
  if (y < top + EDGE) return -Math.ceil((Math.min(EDGE, top + EDGE - y) / EDGE) * MAX_SPEED);
  if (y > bottom - EDGE) return Math.ceil((Math.min(EDGE, y - bottom + EDGE) / EDGE) * MAX_SPEED);
  return 0;
}

/** While a grid line is dragged near the top or bottom of `scroller`, scroll it that way. */
export function useDragAutoscroll(scroller: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    let speed = 0;
    let frame = 0;
    let lastOver = 0;
    const stop = () => {
      speed = 0;
      cancelAnimationFrame(frame);
      frame = 0;
    };
    const step = () => {
      frame = 0;
      const element = scroller.current;
      if (!element || speed === 0 || performance.now() - lastOver > IDLE_MS) return stop();
      element.scrollTop += speed;
      frame = requestAnimationFrame(step);
    };
    const handleOver = (event: globalThis.DragEvent) => {
      const element = scroller.current;
      if (!element || !draggedKind(event)) return;
      const box = element.getBoundingClientRect();
      lastOver = performance.now();
      speed = autoscrollSpeed(event.clientY, box.top, box.bottom);
      if (speed !== 0 && !frame) frame = requestAnimationFrame(step);
    };
    document.addEventListener('dragover', handleOver);
    document.addEventListener('drop', stop);
    document.addEventListener('dragend', stop);
    return () => {
      stop();
      document.removeEventListener('dragover', handleOver);
      document.removeEventListener('drop', stop);
      document.removeEventListener('dragend', stop);
    };
  }, [scroller]);
}
