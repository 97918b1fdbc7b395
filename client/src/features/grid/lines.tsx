import { memo, useState, type DragEvent, type ReactNode } from 'react';
import {
  deleteDomain,
  deleteRow,
  domainText,
  hasEntity,
  duplicateRow,
  lastChange,
  moveDomain,
  moveDomainTo,
  moveRow,
  moveRowTo,
  addDomain,
  addRow,
  rowText,
  setRowField,
  setThemePriority,
  setThemeRetained,
  themeText,
  type Row,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { CollabText } from '../../collab/collab-text.tsx';
import { Cell, TextCell } from './cells.tsx';
import { COLUMNS, type GridLine } from './grid-lines.ts';
import { useGrid } from './grid-context.ts';
import { ThreadCountBadge } from '../comments/comments-panel.tsx';

const DRAG_TYPE = 'application/x-pilotis-line';

/**
 * A line that accepts dropped rows or domains: the highlight while something is dragged over it,
 * and the dragged line's kind ('r' or 'd') and id handed to `onDrop`.
 */
function useDropTarget(onDrop: (kind: string, id: string) => void) {
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

/** The grip that starts dragging a line (mouse only: the keyboard moves lines with Alt+↑/↓). */
function DragHandle({ payload, title }: { payload: string; title: string }) {
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

function columnLabel(t: ReturnType<typeof useI18n>['t'], col: number): string {
  const column = COLUMNS[col];
  return column ? t(column.label) : '';
}

/** Theme header: retained or not (with the reason it then needs), priority, balance, add a domain. */
export const ThemeLine = memo(function ThemeLine({
  line,
  index,
}: {
  line: Extract<GridLine, { type: 'theme' }>;
  index: number;
}) {
  const { t } = useI18n();
  const { doc, edit, author, readOnly, focusCell } = useGrid();
  const { theme, balance } = line;
  const position = { line: index, lineKey: line.key };
  const reasonMissing = !theme.retained && !theme.notRetainedReason.trim();
  const total = balance.qualitative + balance.quantitative;
  const headingId = `theme-title-${theme.id}`;
  if (!hasEntity(doc, 'themes', theme.id)) return null;

  const handleAddDomain = () => {
    let id = '';
    edit(() => {
      id = addDomain(doc, theme.id, t('grid.newDomain'));
    });
    focusCell(`d:${id}`, 0, true);
  };

  return (
    <div
      className={`line line-theme${theme.retained ? '' : ' theme-dropped'}`}
      role="row"
      aria-rowindex={index + 2}
      aria-labelledby={headingId}
    >
      <div className="theme-heading" role="presentation">
        <h2 id={headingId}>
          <span className="theme-number">{t('cycle.themeNumber', { number: theme.number })}</span>{' '}
          {theme.title}
        </h2>
        <p className="theme-meta">
          {line.rowCount === 1 ? t('cycle.rowsOne') : t('cycle.rows', { count: line.rowCount })} ·{' '}
          {t('cycle.balance', { quali: balance.qualitative, quanti: balance.quantitative })}
          {total > 0 && (
            <span
              className="balance-bar"
              role="img"
              aria-label={t('cycle.balance', {
                quali: balance.qualitative,
                quanti: balance.quantitative,
              })}
            >
              <span style={{ width: `${(balance.qualitative / total) * 100}%` }} />
            </span>
          )}
        </p>
      </div>
      <div className="theme-controls" role="presentation">
        <Cell
          {...position}
          col={0}
          entityId={theme.id}
          field="retained"
          label={t('theme.retained')}
        >
          <label className="switch">
            <input
              type="checkbox"
              tabIndex={-1}
              checked={theme.retained}
              disabled={readOnly}
              onChange={(event) =>
                edit(() => setThemeRetained(doc, theme.id, event.target.checked, undefined, author))
              }
            />
            {t('theme.retained')}
          </label>
        </Cell>
        <Cell
          {...position}
          col={1}
          entityId={theme.id}
          field="priority"
          label={t('theme.priority')}
        >
          <label className="inline-field">
            {t('theme.priority')}
            <select
              tabIndex={-1}
              value={theme.priority ?? ''}
              disabled={readOnly}
              onChange={(event) =>
                edit(() =>
                  setThemePriority(
                    doc,
                    theme.id,
                    event.target.value ? Number(event.target.value) : null,
                    author,
                  ),
                )
              }
            >
              <option value="">{t('theme.noPriority')}</option>
              {[1, 2, 3, 4, 5, 6, 7, 8].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </Cell>
        {theme.retained ? (
          <Cell
            {...position}
            col={2}
            entityId={theme.id}
            field="reason"
            label={t('theme.retainedHint')}
            className="theme-hint"
          >
            <span className="muted">{t('theme.retainedHint')}</span>
          </Cell>
        ) : (
          <TextCell
            {...position}
            col={2}
            entityId={theme.id}
            field="notRetainedReason"
            label={t('theme.reason')}
            text={themeText(doc, theme.id, 'notRetainedReason')}
            placeholder={t('theme.reasonPlaceholder')}
            invalid={reasonMissing}
            className="theme-reason"
          />
        )}
        <Cell
          {...position}
          col={3}
          entityId={theme.id}
          field="addDomain"
          label={t('grid.addDomain')}
        >
          {!readOnly && (
            <button type="button" tabIndex={-1} onClick={handleAddDomain}>
              + {t('grid.addDomain')}
            </button>
          )}
        </Cell>
      </div>
      {reasonMissing && (
        <p className="flag" role="note">
          {t('theme.reasonRequired')}
        </p>
      )}
      <div className="theme-practices" role="presentation">
        <TextCell
          {...position}
          col={4}
          entityId={theme.id}
          field="goodPractices"
          label={t('theme.goodPractices', { number: theme.number })}
          text={themeText(doc, theme.id, 'goodPractices')}
          placeholder={t('theme.goodPracticesPlaceholder')}
          className="theme-practice"
        />
        <TextCell
          {...position}
          col={5}
          entityId={theme.id}
          field="improvements"
          label={t('theme.improvements', { number: theme.number })}
          text={themeText(doc, theme.id, 'improvements')}
          placeholder={t('theme.improvementsPlaceholder')}
          className="theme-practice"
        />
      </div>
    </div>
  );
});

/** One structure button of a domain header line, as a keyboard-reachable cell. */
function DomainAction({
  line,
  lineKey,
  col,
  domainId,
  field,
  label,
  onClick,
  danger,
  children,
}: {
  line: number;
  lineKey: string;
  col: number;
  domainId: string;
  field: string;
  label: string;
  onClick(): void;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <Cell line={line} lineKey={lineKey} col={col} entityId={domainId} field={field} label={label}>
      <button
        type="button"
        tabIndex={-1}
        className={danger ? 'danger' : undefined}
        onClick={onClick}
        title={label}
      >
        {children}
      </button>
    </Cell>
  );
}

/** Domain header: numbered title (collaborative text) and its structure buttons. */
export const DomainLine = memo(function DomainLine({
  line,
  index,
}: {
  line: Extract<GridLine, { type: 'domain' }>;
  index: number;
}) {
  const { t } = useI18n();
  const { doc, edit, readOnly, focusCell, announce } = useGrid();
  const { domain } = line;
  const position = { line: index, lineKey: line.key };
  const { dropping, handlers } = useDropTarget((kind, id) => {
    if (kind === 'r') edit(() => moveRowTo(doc, id, domain.id, null));
    if (kind === 'd') edit(() => moveDomainTo(doc, id, domain.id));
  });

  if (!hasEntity(doc, 'domains', domain.id)) return null;

  const handleAddRow = () => {
    let id = '';
    edit(() => {
      id = addRow(doc, domain.id, {}, null);
    });
    focusCell(`r:${id}`, 2, true);
  };
  const handleDelete = () => {
    if (
      line.rowCount > 0 &&
      !window.confirm(t('grid.confirmDeleteDomain', { number: line.number, count: line.rowCount }))
    ) {
      return;
    }
    edit(() => deleteDomain(doc, domain.id));
    announce(t('grid.domainDeleted'), true);
  };

  return (
    <div
      className={`line line-domain${dropping ? ' drop-target' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      {...handlers}
    >
      {!readOnly && <DragHandle payload={`d:${domain.id}`} title={t('grid.dragDomain')} />}
      <span className="domain-number">{line.number}</span>
      <TextCell
        {...position}
        col={0}
        entityId={domain.id}
        field="title"
        label={t('grid.domainTitle', { number: line.number })}
        text={domainText(doc, domain.id, 'title')}
        className="domain-title"
      />
      {!readOnly && (
        <div className="domain-actions" role="presentation">
          <DomainAction
            {...position}
            col={1}
            domainId={domain.id}
            field="addRow"
            label={t('grid.addRowIn', { number: line.number })}
            onClick={handleAddRow}
          >
            + {t('grid.addRow')}
          </DomainAction>
          <DomainAction
            {...position}
            col={2}
            domainId={domain.id}
            field="up"
            label={t('grid.moveDomainUp')}
            onClick={() => edit(() => moveDomain(doc, domain.id, -1))}
          >
            ↑
          </DomainAction>
          <DomainAction
            {...position}
            col={3}
            domainId={domain.id}
            field="down"
            label={t('grid.moveDomainDown')}
            onClick={() => edit(() => moveDomain(doc, domain.id, 1))}
          >
            ↓
          </DomainAction>
          <DomainAction
            {...position}
            col={4}
            domainId={domain.id}
            field="delete"
            label={t('grid.deleteDomain')}
            onClick={handleDelete}
            danger
          >
            ✕
          </DomainAction>
        </div>
      )}
    </div>
  );
});

function LastChangeNote({ rowId, field }: { rowId: string; field: string }) {
  const { t } = useI18n();
  const { doc } = useGrid();
  const change = lastChange(doc, 'rows', rowId, field);
  if (!change) return null;
  const time = new Date(change.at).toLocaleTimeString('fr-FR', {
    hour: '2-digit',
    minute: '2-digit',
  });
  return (
    <span className="last-change" title={t('grid.changedBy', { name: change.name, time })}>
      <span className="dot" style={{ background: change.color ?? '#888' }} aria-hidden="true" />
      {t('grid.changedBy', { name: change.name, time })}
    </span>
  );
}

export function NatureEditor({ row, compact }: { row: Row; compact?: boolean }) {
  const { t, locale } = useI18n();
  const { doc, edit, author, readOnly } = useGrid();
  const tab = compact ? -1 : 0;
  return (
    <div className="nature-editor">
      <select
        tabIndex={tab}
        aria-label={t('grid.nature')}
        value={row.nature}
        disabled={readOnly}
        onChange={(event) =>
          edit(() => {
            const nature = event.target.value as Row['nature'];
            setRowField(doc, row.id, 'nature', nature, author);
            setRowField(
              doc,
              row.id,
              'kind',
              nature === 'quantitative' ? 'indicator' : 'question',
              author,
            );
          })
        }
      >
        <option value="qualitative">{t('grid.qualitative')}</option>
        <option value="quantitative">{t('grid.quantitative')}</option>
      </select>
      {row.nature === 'quantitative' && (
        <span className="quantity">
          <input
            tabIndex={tab}
            type="number"
            step="any"
            inputMode="decimal"
            aria-label={t('grid.value')}
            placeholder={t('grid.value')}
            lang={locale}
            value={row.baselineValue ?? ''}
            disabled={readOnly}
            onChange={(event) => {
              const value = event.target.value === '' ? null : Number(event.target.value);
              if (value === null || Number.isFinite(value)) {
                edit(() => setRowField(doc, row.id, 'baselineValue', value, author));
              }
            }}
          />
          <input
            tabIndex={tab}
            aria-label={t('grid.unit')}
            placeholder={t('grid.unit')}
            maxLength={30}
            value={row.unit}
            disabled={readOnly}
            onChange={(event) =>
              edit(() => setRowField(doc, row.id, 'unit', event.target.value, author))
            }
          />
        </span>
      )}
      <LastChangeNote rowId={row.id} field="nature" />
    </div>
  );
}

export function TreatedEditor({ row, compact }: { row: Row; compact?: boolean }) {
  const { t } = useI18n();
  const { doc, edit, author, readOnly } = useGrid();
  return (
    <div className="treated-editor">
      <label className="switch">
        <input
          tabIndex={compact ? -1 : 0}
          type="checkbox"
          checked={row.treated}
          disabled={readOnly}
          onChange={(event) =>
            edit(() => setRowField(doc, row.id, 'treated', event.target.checked, author))
          }
        />
        {row.treated ? t('grid.treatedYes') : t('grid.treatedNo')}
      </label>
      <LastChangeNote rowId={row.id} field="treated" />
    </div>
  );
}

/** One question or indicator: the six columns, then nature, treated, sources and actions. */
export const RowLine = memo(function RowLine({
  line,
  index,
}: {
  line: Extract<GridLine, { type: 'row' }>;
  index: number;
}) {
  const { t } = useI18n();
  const { doc, edit, readOnly, openPanel, focusCell, announce } = useGrid();
  const { row, number, theme, domain } = line;
  const position = { line: index, lineKey: line.key };
  const cellLabel = (col: number) =>
    t('grid.cellName', { column: columnLabel(t, col), domain: number, index: line.index });
  const [menuOpen, setMenuOpen] = useState(false);
  const { dropping, handlers } = useDropTarget((kind, id) => {
    if (kind === 'r' && id !== row.id) edit(() => moveRowTo(doc, id, row.domainId, row.id));
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
      return focusCell(`r:${id}`, 2, true);
    }
    if (action === 'duplicate') {
      let id = '';
      edit(() => {
        id = duplicateRow(doc, row.id);
      });
      announce(t('grid.rowDuplicated'));
      return focusCell(`r:${id}`, 2);
    }
    if (action === 'up' || action === 'down') {
      edit(() => moveRow(doc, row.id, action === 'up' ? -1 : 1));
      return focusCell(line.key, COLUMNS.length - 1);
    }
    edit(() => deleteRow(doc, row.id));
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
        col={0}
        entityId={row.id}
        field="theme"
        label={cellLabel(0)}
        className="cell-static"
      >
        <span className="muted">
          {theme.number}. {theme.title}
        </span>
      </Cell>
      <TextCell
        {...position}
        col={1}
        entityId={domain.id}
        field="title"
        label={cellLabel(1)}
        text={domainText(doc, domain.id, 'title')}
        className="cell-domain"
      />
      {(['label', 'baseline', 'target1y', 'target3y'] as const).map((field, i) => (
        <TextCell
          key={field}
          {...position}
          col={2 + i}
          entityId={row.id}
          field={field}
          label={cellLabel(2 + i)}
          text={rowText(doc, row.id, field)}
        />
      ))}
      <Cell
        {...position}
        col={6}
        entityId={row.id}
        field="nature"
        label={cellLabel(6)}
        className="cell-control"
      >
        <NatureEditor row={row} compact />
      </Cell>
      <Cell
        {...position}
        col={7}
        entityId={row.id}
        field="treated"
        label={cellLabel(7)}
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
        col={8}
        entityId={row.id}
        field="sources"
        label={cellLabel(8)}
        text={rowText(doc, row.id, 'sources')}
      />
      <Cell
        {...position}
        col={9}
        entityId={row.id}
        field="actions"
        label={t('grid.rowActions', { domain: number, index: line.index })}
        className="cell-actions"
      >
        {!readOnly && <DragHandle payload={`r:${row.id}`} title={t('grid.dragRow')} />}
        <ThreadCountBadge rowId={row.id} />
        <button
          type="button"
          tabIndex={-1}
          className="menu-button"
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          aria-label={t('grid.rowActions', { domain: number, index: line.index })}
          onClick={() => setMenuOpen((open) => !open)}
        >
          ⋯
        </button>
        {menuOpen && (
          <div
            className="menu"
            role="menu"
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.stopPropagation();
                setMenuOpen(false);
                focusCell(line.key, 9);
              }
            }}
          >
            <button type="button" role="menuitem" autoFocus onClick={() => run('open')}>
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
          </div>
        )}
      </Cell>
    </div>
  );
});

function CollabReason({ row, label, invalid }: { row: Row; label: string; invalid: boolean }) {
  const { t } = useI18n();
  const { doc, readOnly } = useGrid();
  return (
    <CollabText
      text={rowText(doc, row.id, 'notTreatedReason')}
      className={`cell-text reason-text${invalid ? ' invalid' : ''}`}
      tabIndex={-1}
      aria-label={label}
      placeholder={t('grid.reasonPlaceholder')}
      readOnly={readOnly}
    />
  );
}
