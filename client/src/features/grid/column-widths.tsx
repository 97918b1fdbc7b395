/**
 * Column widths of the grid: defaults from COLUMNS, resized by dragging a header edge or with
 * Alt+Maj+←/→, remembered in this browser; and the header row that carries the resize handles.
 */
import {
  useCallback,
  useLayoutEffect,
  useState,
  type PointerEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { COLUMNS, type ColumnId } from './grid-lines.ts';

const WIDTHS_KEY = 'pilotis.columnWidths';

/** The saved widths when they match the current columns, else the defaults. */
export function loadWidths(): number[] {
  try {
    const saved = JSON.parse(localStorage.getItem(WIDTHS_KEY) ?? 'null') as unknown;
    if (
      Array.isArray(saved) &&
      saved.length === COLUMNS.length &&
      saved.every((n) => typeof n === 'number')
    ) {
      return saved as number[];
    }
  } catch {
    // Fall back to the defaults.
  }
  return COLUMNS.map((column) => column.width);
}

/** The widths and `resize(col, width)` (never below the column's minimum, saved locally). */
export function useColumnWidths() {
  const [widths, setWidths] = useState(loadWidths);
  const resize = useCallback((col: number, width: number) => {
    setWidths((previous) => {
      const next = [...previous];
      next[col] = Math.max(COLUMNS[col]!.minWidth, Math.round(width));
      try {
        localStorage.setItem(WIDTHS_KEY, JSON.stringify(next));
      } catch {
        // Not persisted in private browsing.
      }
      return next;
    });
  }, []);
  return { widths, resize };
}

/** The inner width of `element` (without its vertical scrollbar), kept up to date. */
export function useAvailableWidth(element: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const target = element.current;
    if (!target) return;
    const measure = () => setWidth(target.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

/** The header row: column names and their resize handles (pointer drag, or arrows when focused). */
export function GridHeader({
  widths,
  shown,
  resize,
  hidden,
  columnsMenu,
}: {
  /** The preferred widths (what resizing changes). */
  widths: number[];
  /** The widths on screen (fitted to the available width). */
  shown: number[];
  resize(col: number, width: number): void;
  /** Columns the person hid: no header either. */
  hidden: Set<ColumnId>;
  /** The « Colonnes » menu, in the header of the actions column. */
  columnsMenu: ReactNode;
}) {
  const { t } = useI18n();
  const handleResizeStart = (col: number) => (event: PointerEvent<HTMLSpanElement>) => {
    event.preventDefault();
    const startX = event.clientX;
    const startWidth = shown[col] ?? widths[col] ?? COLUMNS[col]!.width;
    const handleMove = (moveEvent: globalThis.PointerEvent) =>
      resize(col, startWidth + moveEvent.clientX - startX);
    const handleUp = () => {
      window.removeEventListener('pointermove', handleMove);
      window.removeEventListener('pointerup', handleUp);
    };
    window.addEventListener('pointermove', handleMove);
    window.addEventListener('pointerup', handleUp);
  };
  return (
    <div role="row" className="grid-header" aria-rowindex={1}>
      {COLUMNS.map((column, col) =>
        hidden.has(column.id) ? null : (
          <div
            role="columnheader"
            key={column.id}
            className="grid-header-cell"
            aria-colindex={col + 1}
            data-col-id={column.id}
          >
            {column.id === 'actions' ? (
              <>
                <span className="visually-hidden">{t(column.label)}</span>
                {columnsMenu}
              </>
            ) : (
              t(column.label)
            )}
            {column.id !== 'actions' && (
              <span
                className="resize-handle"
                role="separator"
                aria-orientation="vertical"
                aria-label={t('grid.resizeColumn', { column: t(column.label) })}
                aria-valuenow={shown[col]}
                aria-valuemin={column.minWidth}
                // Out of the Tab order (Tab goes to the cells); Alt+Maj+←/→ resizes the active column.
                tabIndex={-1}
                onPointerDown={handleResizeStart(col)}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
                    event.preventDefault();
                    event.stopPropagation();
                    resize(
                      col,
                      (widths[col] ?? column.width) + (event.key === 'ArrowRight' ? 16 : -16),
                    );
                  }
                }}
              />
            )}
          </div>
        ),
      )}
    </div>
  );
}
