/**
 * The steering grid: virtualised lines (600 rows stay fluid), resizable columns, spreadsheet
 * keyboard, presence outlines and "suivre".
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type * as Y from 'yjs';
import { addRow, deleteRow, moveRow, type CycleModel, type GridFilter } from '@pilotis/shared';
import { othersInRow } from '../trash/trash.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { buildLines, cellCount, COLUMNS, type GridLine } from './grid-lines.ts';
import { cellKey, GridContext, type GridContextValue } from './grid-context.ts';
import { DomainLine, RowLine, ThemeLine } from './lines.tsx';
import type { Participant, CellRef } from '../presence/use-presence.ts';

const WIDTHS_KEY = 'pilotis.columnWidths';
const EDITABLE = 'textarea, input, select, button';

function loadWidths(): number[] {
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

export interface GridViewProps {
  doc: Y.Doc;
  model: CycleModel;
  filter: GridFilter;
  edit(change: () => void): void;
  undo(): void;
  redo(): void;
  author: { name: string; color: string };
  participants: Participant[];
  following: number | null;
  readOnly: boolean;
  onCellChange(cell: CellRef | null): void;
  /** Called when the focus moves to another cell: typing there is a new undo step. */
  onCellLeave(): void;
  onViewRowChange(rowId: string | null): void;
  openPanel(rowId: string): void;
  announce(message: string, undoable?: boolean): void;
}

export function GridView(props: GridViewProps) {
  const {
    doc,
    model,
    filter,
    edit,
    undo,
    redo,
    participants,
    following,
    readOnly,
    onCellChange,
    onCellLeave,
    onViewRowChange,
    openPanel,
    announce,
  } = props;
  const { t } = useI18n();
  const lines = useMemo(() => buildLines(model, filter), [model, filter]);
  const lineIndex = useMemo(() => new Map(lines.map((line, index) => [line.key, index])), [lines]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState(loadWidths);
  const [active, setActive] = useState<{ key: string; col: number }>(() => ({
    key: lines.find((l) => l.type === 'row')?.key ?? '',
    col: 2,
  }));
  const pendingFocus = useRef<{ key: string; col: number; edit: boolean; tries: number } | null>(
    null,
  );
  // applyFocus runs from animation frames: read the latest lines through a ref.
  const lineIndexRef = useRef(lineIndex);
  lineIndexRef.current = lineIndex;

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) =>
      lines[index]?.type === 'theme' ? 96 : lines[index]?.type === 'domain' ? 48 : 76,
    getItemKey: (index) => lines[index]?.key ?? index,
    overscan: 6,
  });

  const presenceByCell = useMemo(() => {
    const map = new Map<string, Participant[]>();
    for (const participant of participants) {
      if (participant.self || !participant.cell) continue;
      const key = cellKey(participant.cell.id, participant.cell.field);
      map.set(key, [...(map.get(key) ?? []), participant]);
    }
    return map;
  }, [participants]);

  /** Focus the cell (or its editor) once it is rendered; scrolls it into the window first. */
  const applyFocus = useCallback(() => {
    const target = pendingFocus.current;
    const container = scrollRef.current;
    if (!target || !container) return;
    const index = lineIndexRef.current.get(target.key);
    if (index === undefined) {
      // A line just created appears after the next model refresh: wait a few frames for it.
      target.tries += 1;
      if (target.tries < 60) requestAnimationFrame(applyFocus);
      else pendingFocus.current = null;
      return;
    }
    const cell = container.querySelector<HTMLElement>(
      `[data-line="${index}"][data-col="${target.col}"]`,
    );
    if (!cell) {
      virtualizer.scrollToIndex(index, { align: 'auto' });
      requestAnimationFrame(applyFocus);
      return;
    }
    pendingFocus.current = null;
    const editor = target.edit ? cell.querySelector<HTMLElement>(EDITABLE) : null;
    if (editor) {
      editor.focus();
      if (editor instanceof HTMLTextAreaElement)
        editor.setSelectionRange(editor.value.length, editor.value.length);
    } else {
      cell.focus();
    }
    cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [virtualizer]);

  const activeRef = useRef(active);
  activeRef.current = active;
  const focusCell = useCallback(
    (key: string, col: number, editNow = false) => {
      // Typing in another cell is another undo step, even when it follows within a second.
      if (activeRef.current.key !== key || activeRef.current.col !== col) onCellLeave();
      pendingFocus.current = { key, col, edit: editNow, tries: 0 };
      setActive({ key, col });
    },
    [onCellLeave],
  );

  // Focus right after the render that follows a key press (React renders discrete events
  // synchronously), so the next keystroke already lands in the new cell.
  useLayoutEffect(() => {
    if (pendingFocus.current) applyFocus();
  });

  // Keep a valid active cell when lines come and go (filters, remote deletions).
  useEffect(() => {
    if (!lineIndex.has(active.key) && lines.length > 0) {
      const first = lines.find((line) => line.type === 'row') ?? lines[0]!;
      setActive({ key: first.key, col: 0 });
    }
  }, [lineIndex, lines, active.key]);

  // "Suivre": bring the followed participant's row (or view) into this screen.
  const followed = participants.find((p) => p.clientId === following);
  const followedRow = followed?.cell?.id ?? followed?.viewRowId ?? null;
  useEffect(() => {
    if (!followedRow) return;
    const index =
      lineIndex.get(`r:${followedRow}`) ??
      lineIndex.get(`d:${followedRow}`) ??
      lineIndex.get(`t:${followedRow}`);
    if (index !== undefined) virtualizer.scrollToIndex(index, { align: 'center' });
  }, [followedRow, lineIndex, virtualizer]);

  // Tell the others which row is at the top of this screen (for those who follow us).
  const items = virtualizer.getVirtualItems();
  const scrollTop = virtualizer.scrollOffset ?? 0;
  const topRowId = useMemo(() => {
    for (const item of items) {
      const line = lines[item.index];
      if (item.end > scrollTop && line?.type === 'row') return line.row.id;
    }
    return null;
  }, [items, lines, scrollTop]);
  useEffect(() => {
    const timer = setTimeout(() => onViewRowChange(topRowId), 150);
    return () => clearTimeout(timer);
  }, [topRowId, onViewRowChange]);

  const lineOfElement = (
    element: Element | null,
  ): { line: GridLine; index: number; col: number; cell: HTMLElement } | null => {
    const cell = element?.closest<HTMLElement>('[data-line][data-col]');
    if (!cell) return null;
    const index = Number(cell.dataset.line);
    const line = lines[index];
    return line ? { line, index, col: Number(cell.dataset.col), cell } : null;
  };

  const handleFocus = (event: React.FocusEvent) => {
    const found = lineOfElement(event.target as Element);
    if (!found) return;
    if (found.line.key !== active.key || found.col !== active.col) {
      onCellLeave();
      setActive({ key: found.line.key, col: found.col });
    }
    const field = found.cell.dataset.cell?.split(':')[1] ?? '';
    const entityId =
      found.line.type === 'row'
        ? found.line.row.id
        : found.line.type === 'domain'
          ? found.line.domain.id
          : found.line.theme.id;
    onCellChange({ id: entityId, field });
  };

  const move = (
    from: { index: number; col: number },
    dLine: number,
    dCol: number,
    editNow = false,
  ) => {
    let index = from.index + dLine;
    let col = from.col + dCol;
    if (dCol !== 0 && dLine === 0) {
      // Tab order: wrap to the next/previous line.
      const count = cellCount(lines[from.index]!);
      if (col >= count) {
        index += 1;
        col = 0;
      } else if (col < 0) {
        index -= 1;
        col = lines[index] ? cellCount(lines[index]!) - 1 : 0;
      }
    }
    index = Math.max(0, Math.min(lines.length - 1, index));
    const line = lines[index];
    if (!line) return;
    col = Math.max(0, Math.min(cellCount(line) - 1, col));
    focusCell(line.key, col, editNow);
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const found = lineOfElement(target);
    if (!found) return;
    const { line, index, col, cell } = found;
    const inEditor = target !== cell;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key;

    if (mod && !event.altKey && (key === 'z' || key === 'Z' || key === 'y')) {
      event.preventDefault();
      if (key === 'y' || event.shiftKey) redo();
      else undo();
      return;
    }
    if (line.type === 'row' && !readOnly) {
      if (mod && key === 'Enter') {
        event.preventDefault();
        let id = '';
        edit(() => {
          id = addRow(doc, line.row.domainId, {}, line.row.id);
        });
        focusCell(`r:${id}`, 2, true);
        return;
      }
      if (event.altKey && (key === 'ArrowUp' || key === 'ArrowDown')) {
        event.preventDefault();
        edit(() => moveRow(doc, line.row.id, key === 'ArrowUp' ? -1 : 1));
        focusCell(line.key, col);
        return;
      }
      if (event.altKey && key === 'Enter') {
        event.preventDefault();
        openPanel(line.row.id);
        return;
      }
      if (mod && key === 'Delete' && !inEditor) {
        event.preventDefault();
        const others = othersInRow(presenceByCell, line.row.id);
        if (
          others.length > 0 &&
          !window.confirm(t('trash.someoneInRow', { names: others.join(', ') }))
        ) {
          return;
        }
        const next = lines[index + 1] ?? lines[index - 1];
        edit(() => deleteRow(doc, line.row.id, props.author.name));
        announce(t('grid.rowDeleted'), true);
        if (next) focusCell(next.key, col);
        return;
      }
    }

    if (inEditor) {
      const isText = target instanceof HTMLTextAreaElement;
      if (key === 'Escape') {
        event.preventDefault();
        cell.focus();
        return;
      }
      if (key === 'Tab') {
        event.preventDefault();
        const editors = [...cell.querySelectorAll<HTMLElement>(EDITABLE)].filter(
          (el) => !el.hasAttribute('disabled'),
        );
        const at = editors.indexOf(target);
        const next = editors[at + (event.shiftKey ? -1 : 1)];
        if (next) next.focus();
        else move({ index, col }, 0, event.shiftKey ? -1 : 1, true);
        return;
      }
      if (isText && key === 'Enter' && !event.shiftKey && !event.altKey && !mod) {
        event.preventDefault();
        move({ index, col }, 1, 0);
        return;
      }
      if (isText && key === 'ArrowUp' && target.selectionStart === 0 && target.selectionEnd === 0) {
        event.preventDefault();
        move({ index, col }, -1, 0, true);
        return;
      }
      if (isText && key === 'ArrowDown' && target.selectionStart === target.value.length) {
        event.preventDefault();
        move({ index, col }, 1, 0, true);
      }
      return;
    }

    if (
      event.altKey &&
      event.shiftKey &&
      (key === 'ArrowLeft' || key === 'ArrowRight') &&
      line.type === 'row'
    ) {
      event.preventDefault();
      resize(col, (widths[col] ?? COLUMNS[col]!.width) + (key === 'ArrowRight' ? 24 : -24));
      return;
    }

    switch (key) {
      case 'ArrowUp':
        event.preventDefault();
        return move({ index, col }, -1, 0);
      case 'ArrowDown':
        event.preventDefault();
        return move({ index, col }, 1, 0);
      case 'ArrowLeft':
        event.preventDefault();
        return move({ index, col }, 0, -1);
      case 'ArrowRight':
        event.preventDefault();
        return move({ index, col }, 0, 1);
      case 'Tab':
        event.preventDefault();
        return move({ index, col }, 0, event.shiftKey ? -1 : 1);
      case 'Home':
        event.preventDefault();
        return mod ? move({ index: 0, col: 0 }, 0, 0) : focusCell(line.key, 0);
      case 'End':
        event.preventDefault();
        return mod
          ? move({ index: lines.length - 1, col }, 0, 0)
          : focusCell(line.key, cellCount(line) - 1);
      case 'PageDown':
        event.preventDefault();
        return move({ index, col }, 10, 0);
      case 'PageUp':
        event.preventDefault();
        return move({ index, col }, -10, 0);
      case 'Enter':
      case 'F2': {
        const editor = cell.querySelector<HTMLElement>(EDITABLE);
        if (!editor) return;
        event.preventDefault();
        if (
          editor instanceof HTMLButtonElement ||
          (editor instanceof HTMLInputElement && editor.type === 'checkbox')
        ) {
          editor.click();
          if (editor instanceof HTMLButtonElement) return;
        }
        editor.focus();
        if (editor instanceof HTMLTextAreaElement)
          editor.setSelectionRange(editor.value.length, editor.value.length);
        return;
      }
      case ' ': {
        const checkbox = cell.querySelector<HTMLInputElement>('input[type="checkbox"]');
        if (checkbox && !readOnly) {
          event.preventDefault();
          checkbox.click();
        }
        return;
      }
      default: {
        // Typing a character on a text cell starts editing it, keeping what is there.
        const textarea = cell.querySelector<HTMLTextAreaElement>('textarea');
        if (textarea && !readOnly && key.length === 1 && !mod && !event.altKey) {
          textarea.focus();
          textarea.setSelectionRange(textarea.value.length, textarea.value.length);
        }
      }
    }
  };

  // Column resizing: drag a header edge, or focus it and use the arrow keys.
  const resize = (col: number, width: number) => {
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
  };
  const handleResizeStart = (col: number) => (event: PointerEvent<HTMLSpanElement>) => {
    event.preventDefault();
    const startX = event.clientX;
    const startWidth = widths[col] ?? COLUMNS[col]!.width;
    const handleMove = (moveEvent: globalThis.PointerEvent) =>
      resize(col, startWidth + moveEvent.clientX - startX);
    const handleUp = () => {
      window.removeEventListener('pointermove', handleMove);
      window.removeEventListener('pointerup', handleUp);
    };
    window.addEventListener('pointermove', handleMove);
    window.addEventListener('pointerup', handleUp);
  };

  const gridColumns = widths.map((w) => `${w}px`).join(' ');
  const totalWidth = widths.reduce((sum, w) => sum + w, 0);
  const rowCount = lines.filter((line) => line.type === 'row').length;

  const context: GridContextValue = {
    doc,
    edit,
    author: props.author,
    presenceByCell,
    readOnly,
    openPanel,
    focusCell,
    active,
    announce,
  };

  return (
    <GridContext.Provider value={context}>
      <div
        ref={scrollRef}
        className="grid-scroll"
        style={
          {
            '--grid-columns': gridColumns,
            '--grid-width': `${totalWidth}px`,
          } as React.CSSProperties
        }
      >
        <div
          role="grid"
          aria-label={t('grid.title')}
          aria-rowcount={lines.length + 1}
          aria-colcount={COLUMNS.length}
          aria-readonly={readOnly || undefined}
          className="grid-table"
          data-ready="true"
          data-rows={rowCount}
          onKeyDown={handleKeyDown}
          onFocus={handleFocus}
        >
          <div role="row" className="grid-header" aria-rowindex={1}>
            {COLUMNS.map((column, col) => (
              <div
                role="columnheader"
                key={column.id}
                className="grid-header-cell"
                aria-colindex={col + 1}
                data-col-id={column.id}
              >
                {column.id === 'actions' ? (
                  <span className="visually-hidden">{t(column.label)}</span>
                ) : (
                  t(column.label)
                )}
                {column.id !== 'actions' && (
                  <span
                    className="resize-handle"
                    role="separator"
                    aria-orientation="vertical"
                    aria-label={t('grid.resizeColumn', { column: t(column.label) })}
                    aria-valuenow={widths[col]}
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
            ))}
          </div>
          {lines.length === 0 && (
            <p className="grid-empty" role="status">
              {t('grid.noMatch')}
            </p>
          )}
          <div className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const line = lines[item.index]!;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="line-slot"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {line.type === 'theme' ? (
                    <ThemeLine line={line} index={item.index} />
                  ) : line.type === 'domain' ? (
                    <DomainLine line={line} index={item.index} />
                  ) : (
                    <RowLine line={line} index={item.index} />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </GridContext.Provider>
  );
}
