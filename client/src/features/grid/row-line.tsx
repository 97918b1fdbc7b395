/** A question or indicator line of the grid. */
import { memo, useCallback, useRef, useState } from 'react';
import {
  addRow,
  deleteRow,
  domainText,
  dropDomainOnDomain,
  dropRowOnRow,
  duplicateRow,
  hasEntity,
  moveRow,
  rowText,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { Cell, TextCell } from './cells.tsx';
import { COLUMNS, ROW_COL, type GridLine } from './grid-lines.ts';
import { useGrid } from './grid-context.ts';
import { countLineRender } from '../../lib/render-count.ts';
import { othersInRow } from '../trash/trash.ts';
import { DragHandle, useDropTarget } from './drag-drop.tsx';
import { ThreadCountBadge } from '../comments/comments-panel.tsx';
import { MenuPopup } from '../../app/menu.tsx';
import { CollabReason, NatureEditor, TreatedEditor } from './field-editors.tsx';

function columnLabel(t: ReturnType<typeof useI18n>['t'], col: number): string {
  const column = COLUMNS[col];
  return column ? t(column.label) : '';
}

/** One question or indicator: the six columns, then nature, treated, sources and actions. */
export const RowLine = memo(function RowLine({
  line,
  index,
}: {
  line: Extract<GridLine, { type: 'row' }>;
  index: number;
}) {
  countLineRender('row', line.key);
  const { t } = useI18n();
  const {
    doc,
    edit,
    readOnly,
    openPanel,
    focusCell,
    focusNextLine,
    announce,
    author,
    presenceByCell,
    restoreRow,
  } = useGrid();
  const { row, number, theme, domain } = line;
  const position = { line: index, lineKey: line.key };
  const cellLabel = (col: number) =>
    t('grid.cellName', { column: columnLabel(t, col), domain: number, index: line.index });
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const closeMenu = useCallback(() => setMenuOpen(false), []);
  // A row takes this row's place; a domain dropped here takes the place of this row's domain.
  const { dropping, handlers } = useDropTarget(['r', 'd'], (kind, id) => {
    if (kind === 'r') edit(() => dropRowOnRow(doc, id, row.id));
    else edit(() => dropDomainOnDomain(doc, id, row.domainId));
  });
  const reasonMissing = !row.treated && !row.notTreatedReason.trim();
  // Deleted by someone else a moment ago: gone at the next refresh, render nothing meanwhile.
  const gone = !hasEntity(doc, 'rows', row.id) || !hasEntity(doc, 'domains', domain.id);

  const run = (action: 'insert' | 'duplicate' | 'up' | 'down' | 'delete' | 'open') => {
    setMenuOpen(false);
    if (action === 'open') return openPanel(row.id);
    if (action === 'insert') {
      let id = '';
      edit(() => {
        id = addRow(doc, row.domainId, {}, row.id);
      });
      return focusCell(`r:${id}`, ROW_COL.label, true);
    }
    if (action === 'duplicate') {
      let id = '';
      edit(() => {
        id = duplicateRow(doc, row.id);
      });
      announce(t('grid.rowDuplicated'));
      return focusCell(`r:${id}`, ROW_COL.label);
    }
    if (action === 'up' || action === 'down') {
      edit(() => moveRow(doc, row.id, action === 'up' ? -1 : 1));
      return focusCell(line.key, ROW_COL.actions);
    }
    const others = othersInRow(presenceByCell, row.id);
    if (others.length > 0 && !window.confirm(t('trash.someoneInRow', { names: others.join(', ') })))
      return;
    focusNextLine(line.key, ROW_COL.actions);
    edit(() => deleteRow(doc, row.id, author.name));
    announce(t('grid.rowDeleted'), true);
  };

  if (gone) return null;

  return (
    <div
      className={`line line-row${row.treated ? '' : ' row-untreated'}${dropping ? ' drop-target' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      data-row-id={row.id}
      {...handlers}
    >
      <Cell
        {...position}
        col={ROW_COL.theme}
        entityId={row.id}
        field="theme"
        label={`${cellLabel(ROW_COL.theme)} : ${theme.number}. ${theme.title}`}
        columnName={columnLabel(t, ROW_COL.theme)}
        className="cell-static"
      >
        <span className="muted">
          {theme.number}. {theme.title}
        </span>
      </Cell>
      <TextCell
        {...position}
        col={ROW_COL.domain}
        entityId={domain.id}
        field="title"
        label={cellLabel(ROW_COL.domain)}
        columnName={columnLabel(t, ROW_COL.domain)}
        text={domainText(doc, domain.id, 'title')}
        className="cell-domain"
      />
      {(['label', 'baseline', 'target1y', 'target3y'] as const).map((field) => (
        <TextCell
          key={field}
          {...position}
          col={ROW_COL[field]}
          entityId={row.id}
          field={field}
          label={cellLabel(ROW_COL[field])}
          columnName={columnLabel(t, ROW_COL[field])}
          text={rowText(doc, row.id, field)}
        />
      ))}
      <Cell
        {...position}
        col={ROW_COL.nature}
        entityId={row.id}
        field="nature"
        label={cellLabel(ROW_COL.nature)}
        nameFromContent
        columnName={columnLabel(t, ROW_COL.nature)}
        className="cell-control"
      >
        <NatureEditor row={row} compact />
      </Cell>
      <Cell
        {...position}
        col={ROW_COL.treated}
        entityId={row.id}
        field="treated"
        label={cellLabel(ROW_COL.treated)}
        nameFromContent
        columnName={columnLabel(t, ROW_COL.treated)}
        className="cell-control"
        invalid={reasonMissing}
      >
        <TreatedEditor row={row} compact />
        {!row.treated && (
          <div className="reason">
            <CollabReason row={row} label={t('grid.notTreatedReason')} invalid={reasonMissing} />
          </div>
        )}
      </Cell>
      <TextCell
        {...position}
        col={ROW_COL.sources}
        entityId={row.id}
        field="sources"
        label={cellLabel(ROW_COL.sources)}
        columnName={columnLabel(t, ROW_COL.sources)}
        text={rowText(doc, row.id, 'sources')}
      />
      <Cell
        {...position}
        col={ROW_COL.actions}
        entityId={row.id}
        field="actions"
        label={t('grid.rowActions', { domain: number, index: line.index })}
        className="cell-actions"
      >
        {!readOnly && <DragHandle kind="r" id={row.id} title={t('grid.dragRow')} />}
        <ThreadCountBadge rowId={row.id} />
        <button
          type="button"
          tabIndex={-1}
          className="menu-button"
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          aria-label={t('grid.rowActions', { domain: number, index: line.index })}
          ref={menuButton}
          onClick={() => setMenuOpen((open) => !open)}
        >
          ⋯
        </button>
        {menuOpen && (
          <MenuPopup
            anchor={menuButton}
            label={t('grid.rowActions', { domain: number, index: line.index })}
            onClose={closeMenu}
            restoreFocus={() => focusCell(line.key, ROW_COL.actions)}
          >
            <button type="button" role="menuitem" onClick={() => run('open')}>
              {t('grid.openPanel')}
            </button>
            {!readOnly && (
              <>
                <button type="button" role="menuitem" onClick={() => run('insert')}>
                  {t('grid.insertBelow')} <kbd>Ctrl+Entrée</kbd>
                </button>
                <button type="button" role="menuitem" onClick={() => run('duplicate')}>
                  {t('grid.duplicate')}
                </button>
                <button type="button" role="menuitem" onClick={() => run('up')}>
                  {t('grid.moveUp')} <kbd>Alt+↑</kbd>
                </button>
                <button type="button" role="menuitem" onClick={() => run('down')}>
                  {t('grid.moveDown')} <kbd>Alt+↓</kbd>
                </button>
                {/* Before « Supprimer »: the destructive entry stays last. */}
                {restoreRow && (
                  <button
                    type="button"
                    role="menuitem"
                    onClick={() => {
                      setMenuOpen(false);
                      // The dialog gives the focus back to what had it: the row's actions cell.
                      menuButton.current?.closest<HTMLElement>('[data-col]')?.focus();
                      restoreRow(row.id, `${number} n° ${line.index}`);
                    }}
                  >
                    {t('rowRestore.menu')}
                  </button>
                )}
                <button
                  type="button"
                  role="menuitem"
                  className="danger"
                  onClick={() => run('delete')}
                >
                  {t('grid.deleteRow')} <kbd>Ctrl+Suppr</kbd>
                </button>
              </>
            )}
          </MenuPopup>
        )}
      </Cell>
    </div>
  );
});
