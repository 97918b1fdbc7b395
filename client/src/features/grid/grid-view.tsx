/**
 * The steering grid: virtualised lines (600 rows stay fluid), resizable columns, spreadsheet
 * keyboard (grid-keyboard.ts), presence outlines and "suivre" (use-follow.ts).
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type * as Y from 'yjs';
import { addRow, deleteRow, moveRow, type CycleModel, type GridFilter } from '@pilotis/shared';
import { othersInRow } from '../trash/trash.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import {
  buildLines,
  cellCount,
  COLUMNS,
  ROW_COL,
  shareLines,
  type GridLine,
} from './grid-lines.ts';
import { cellKey, GridContext, type GridContextValue } from './grid-context.ts';
import { ThemeLine } from './theme-line.tsx';
import { DomainLine } from './domain-line.tsx';
import { RowLine } from './row-line.tsx';
import { keyToCommand, moveTarget, type GridCommand } from './grid-keyboard.ts';
import { EDITABLE, useFocusScheduler } from './focus-scheduler.ts';
import { GridHeader, useAvailableWidth, useColumnWidths } from './column-widths.tsx';
import { fitWidths } from './fit-widths.ts';
import './grid-responsive.css';
import { useFollowScroll, usePublishTopRow } from './use-follow.ts';
import { useDragAutoscroll } from './drag-drop.tsx';
import { ColumnsMenu, useHiddenColumns } from './hidden-columns.tsx';
import type { Participant, CellRef } from '../presence/use-presence.ts';

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
  /** Offer « Restaurer depuis une version… » in each row's menu (pilotes). */
  restoreRow?(rowId: string, place: string): void;
}

/** The grid of a cycle, with its keyboard model and presence. */
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
    restoreRow,
  } = props;
  const { t } = useI18n();
  // The same line objects from one snapshot to the next when nothing in them changed: a keystroke
  // renders the one line it changes (the line components are memoised).
  const previousLines = useRef<GridLine[]>([]);
  const lines = useMemo(
    () => shareLines(previousLines.current, buildLines(model, filter)),
    [model, filter],
  );
  previousLines.current = lines;
  const lineIndex = useMemo(() => new Map(lines.map((line, index) => [line.key, index])), [lines]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { widths, resize } = useColumnWidths();
  const available = useAvailableWidth(scrollRef);
  useDragAutoscroll(scrollRef);
  const { hidden, toggle: toggleColumn } = useHiddenColumns();
  const isHidden = (col: number) => hidden.has(COLUMNS[col]?.id ?? 'label');
  const [active, setActive] = useState<{ key: string; col: number }>(() => ({
    key: lines.find((l) => l.type === 'row')?.key ?? '',
    col: ROW_COL.label,
  }));

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) =>
      lines[index]?.type === 'theme' ? 96 : lines[index]?.type === 'domain' ? 48 : 76,
    getItemKey: (index) => lines[index]?.key ?? index,
    overscan: 6,
  });

  // Kept while nobody enters or leaves a cell (awareness also changes when someone scrolls).
  const previousPresence = useRef<{ signature: string; map: Map<string, Participant[]> } | null>(
    null,
  );
  const presenceByCell = useMemo(() => {
    const map = new Map<string, Participant[]>();
    for (const participant of participants) {
      if (participant.self || !participant.cell) continue;
      const key = cellKey(participant.cell.id, participant.cell.field);
      map.set(key, [...(map.get(key) ?? []), participant]);
    }
    const signature = JSON.stringify(
      [...map].map(([key, here]) => [
        key,
        here.map((p) => [p.clientId, p.user.name, p.user.color]),
      ]),
    );
    if (previousPresence.current?.signature === signature) return previousPresence.current.map;
    previousPresence.current = { signature, map };
    return map;
  }, [participants]);

  const focus = useFocusScheduler(
    scrollRef,
    (key) => lineIndex.get(key),
    (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  );

  const activeRef = useRef(active);
  activeRef.current = active;
  const focusCell = useCallback(
    (key: string, col: number, editNow = false) => {
      // Typing in another cell is another undo step, even when it follows within a second.
      if (activeRef.current.key !== key || activeRef.current.col !== col) onCellLeave();
      focus.request(key, col, editNow);
      setActive({ key, col });
    },
    [onCellLeave, focus],
  );

  const linesRef = useRef(lines);
  linesRef.current = lines;
  const focusNextLine = useCallback(
    (key: string, col: number) => {
      const current = linesRef.current;
      const index = current.findIndex((line) => line.key === key);
      const next = current[index + 1] ?? current[index - 1];
      if (index >= 0 && next) focusCell(next.key, Math.min(col, cellCount(next, readOnly) - 1));
    },
    [focusCell, readOnly],
  );

  // Focus right after the render that follows a key press (React renders discrete events
  // synchronously), so the next keystroke already lands in the new cell.
  useLayoutEffect(() => {
    if (focus.hasPending()) focus.flush();
  });

  // Keep a valid active cell when lines come and go (filters, remote deletions).
  useEffect(() => {
    if (!lineIndex.has(active.key) && lines.length > 0) {
      const first = lines.find((line) => line.type === 'row') ?? lines[0]!;
      setActive({ key: first.key, col: 0 });
    }
  }, [lineIndex, lines, active.key]);

  const scrollToCenter = useCallback(
    (index: number) => virtualizer.scrollToIndex(index, { align: 'center' }),
    [virtualizer],
  );
  useFollowScroll(participants, following, lineIndex, scrollToCenter);
  const items = virtualizer.getVirtualItems();
  usePublishTopRow(items, lines, virtualizer.scrollOffset ?? 0, onViewRowChange);

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

  // The row column the person was last in, to come back to it after crossing a header line.
  const rowCol = useRef<number>(ROW_COL.label);
  if (lineIndex.has(active.key) && active.key.startsWith('r:')) rowCol.current = active.col;
  const shape = {
    count: lines.length,
    cells: (index: number) => (lines[index] ? cellCount(lines[index], readOnly) : 1),
    kind: (index: number) => lines[index]?.type ?? 'row',
  };
  const move = (
    from: { index: number; col: number },
    step: { dLine: number; dCol: number; wrap?: boolean },
    editNow = false,
  ) => {
    const to = moveTarget(from, step, shape, rowCol.current);
    // Hidden columns are skipped, onwards in the direction of the move (else to the right).
    if (to && lines[to.index]?.type === 'row') {
      const direction = step.dCol < 0 ? -1 : 1;
      while (isHidden(to.col) && to.col + direction >= 0 && to.col + direction < COLUMNS.length)
        to.col += direction;
      while (isHidden(to.col) && to.col > 0) to.col -= 1;
    }
    const line = to && lines[to.index];
    if (to && line) focusCell(line.key, to.col, editNow);
  };

  /** Runs a keyboard command; returns false when it did nothing (the browser's default applies). */
  const run = (
    command: GridCommand,
    at: { line: GridLine; index: number; col: number; cell: HTMLElement; target: HTMLElement },
  ): boolean => {
    const { line, index, col, cell, target } = at;
    switch (command.type) {
      case 'undo':
        undo();
        return true;
      case 'redo':
        redo();
        return true;
      case 'insertRowBelow': {
        if (line.type !== 'row') return false;
        let id = '';
        edit(() => {
          id = addRow(doc, line.row.domainId, {}, line.row.id);
        });
        focusCell(`r:${id}`, ROW_COL.label, true);
        return true;
      }
      case 'moveRow':
        if (line.type !== 'row') return false;
        edit(() => moveRow(doc, line.row.id, command.delta));
        focusCell(line.key, col);
        return true;
      case 'openPanel':
        if (line.type !== 'row') return false;
        openPanel(line.row.id);
        return true;
      case 'deleteRow': {
        if (line.type !== 'row') return false;
        const others = othersInRow(presenceByCell, line.row.id);
        if (
          others.length > 0 &&
          !window.confirm(t('trash.someoneInRow', { names: others.join(', ') }))
        ) {
          return true;
        }
        focusNextLine(line.key, col);
        edit(() => deleteRow(doc, line.row.id, props.author.name));
        announce(t('grid.rowDeleted'), true);
        return true;
      }
      case 'leaveEditor':
        cell.focus();
        return true;
      case 'editorTab': {
        const editors = [...cell.querySelectorAll<HTMLElement>(EDITABLE)].filter(
          (el) => !el.hasAttribute('disabled'),
        );
        const next = editors[editors.indexOf(target) + (command.backward ? -1 : 1)];
        if (next) next.focus();
        else move({ index, col }, { dLine: 0, dCol: command.backward ? -1 : 1, wrap: true }, true);
        return true;
      }
      case 'move':
        move({ index, col }, command, command.edit);
        return true;
      case 'lineStart':
        focusCell(line.key, 0);
        return true;
      case 'lineEnd':
        focusCell(line.key, cellCount(line, readOnly) - 1);
        return true;
      case 'gridStart':
        move({ index: 0, col: 0 }, { dLine: 0, dCol: 0 });
        return true;
      case 'gridEnd':
        move({ index: lines.length - 1, col }, { dLine: 0, dCol: 0 });
        return true;
      case 'resizeColumn':
        resize(col, (widths[col] ?? COLUMNS[col]!.width) + command.delta);
        return true;
      case 'activate': {
        const editor = cell.querySelector<HTMLElement>(EDITABLE);
        if (!editor) return false;
        if (
          editor instanceof HTMLButtonElement ||
          (editor instanceof HTMLInputElement && editor.type === 'checkbox')
        ) {
          editor.click();
          if (editor instanceof HTMLButtonElement) return true;
        }
        editor.focus();
        if (editor instanceof HTMLTextAreaElement)
          editor.setSelectionRange(editor.value.length, editor.value.length);
        return true;
      }
      case 'toggle': {
        const checkbox = cell.querySelector<HTMLInputElement>('input[type="checkbox"]');
        if (!checkbox) return false;
        checkbox.click();
        return true;
      }
      case 'typeInto': {
        // Not prevented: the character lands in the textarea focused here.
        const textarea = cell.querySelector<HTMLTextAreaElement>('textarea');
        if (textarea) {
          textarea.focus();
          textarea.setSelectionRange(textarea.value.length, textarea.value.length);
        }
        return false;
      }
    }
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const found = lineOfElement(target);
    if (!found) return;
    const inEditor = target !== found.cell;
    const command = keyToCommand(event, {
      lineType: found.line.type,
      inEditor,
      text:
        target instanceof HTMLTextAreaElement
          ? {
              atStart: target.selectionStart === 0 && target.selectionEnd === 0,
              atEnd: target.selectionStart === target.value.length,
            }
          : undefined,
      readOnly,
    });
    if (command && run(command, { ...found, target })) event.preventDefault();
  };

  const visible = COLUMNS.map((_, col) => col).filter((col) => !isHidden(col));
  const fitted = fitWidths(
    visible.map((col) => widths[col] ?? COLUMNS[col]!.width),
    visible.map((col) => COLUMNS[col]!.minWidth),
    available,
  );
  // On screen, by column (0 for a hidden one).
  const shown = COLUMNS.map((_, col) => fitted[visible.indexOf(col)] ?? 0);
  const gridColumns = fitted.map((w) => `${w}px`).join(' ');
  const totalWidth = shown.reduce((sum, w) => sum + w, 0);
  const rowCount = lines.filter((line) => line.type === 'row').length;

  // One value while nothing in it changes, so that a keystroke does not render every line.
  const author = props.author;
  const context = useMemo<GridContextValue>(
    () => ({
      doc,
      edit,
      author,
      presenceByCell,
      readOnly,
      openPanel,
      focusCell,
      focusNextLine,
      active,
      announce,
      restoreRow,
    }),
    [
      doc,
      edit,
      author,
      presenceByCell,
      readOnly,
      openPanel,
      focusCell,
      focusNextLine,
      active,
      announce,
      restoreRow,
    ],
  );

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
          className={`grid-table${[...hidden].map((id) => ` hide-${id}`).join('')}`}
          data-ready="true"
          data-rows={rowCount}
          onKeyDown={handleKeyDown}
          onFocus={handleFocus}
        >
          <GridHeader
            widths={widths}
            shown={shown}
            resize={resize}
            hidden={hidden}
            columnsMenu={<ColumnsMenu hidden={hidden} toggle={toggleColumn} />}
          />
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
