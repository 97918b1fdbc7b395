/** A domain header line of the grid: its title and structure buttons. */
import { memo, useState, type ReactNode } from 'react';
import {
  addRow,
  deleteDomain,
  domainText,
  hasEntity,
  dropDomainOnDomain,
  moveDomain,
  moveRowTo,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { Cell, TextCell } from './cells.tsx';
import { DOMAIN_COL, ROW_COL, type GridLine } from './grid-lines.ts';
import { useGrid } from './grid-context.ts';
import { countLineRender } from '../../lib/render-count.ts';
import { DragHandle, useDropTarget } from './drag-drop.tsx';
import { ConfirmDialog } from '../../app/dialog.tsx';

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
  countLineRender('domain', line.key);
  const { t } = useI18n();
  const { doc, edit, readOnly, focusCell, focusNextLine, announce } = useGrid();
  const [confirming, setConfirming] = useState(false);
  const { domain } = line;
  const position = { line: index, lineKey: line.key };
  const { dropping, handlers } = useDropTarget(['r', 'd'], (kind, id) => {
    if (kind === 'r') edit(() => moveRowTo(doc, id, domain.id, null));
    if (kind === 'd') edit(() => dropDomainOnDomain(doc, id, domain.id));
  });

  if (!hasEntity(doc, 'domains', domain.id)) return null;

  const handleAddRow = () => {
    let id = '';
    edit(() => {
      id = addRow(doc, domain.id, {}); // at the end of the domain
    });
    focusCell(`r:${id}`, ROW_COL.label, true);
  };
  const remove = () => {
    focusNextLine(line.key, DOMAIN_COL.title);
    edit(() => deleteDomain(doc, domain.id));
    announce(t('grid.domainDeleted'), true);
  };
  const handleDelete = () => (line.rowCount > 0 ? setConfirming(true) : remove());

  return (
    <div
      className={`line line-domain${dropping ? ' drop-target' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      {...handlers}
    >
      {!readOnly && <DragHandle kind="d" id={domain.id} title={t('grid.dragDomain')} />}
      <span className="domain-number" aria-hidden="true">
        {line.number}
      </span>
      <TextCell
        {...position}
        col={DOMAIN_COL.title}
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
            col={DOMAIN_COL.addRow}
            domainId={domain.id}
            field="addRow"
            label={t('grid.addRowIn', { number: line.number })}
            onClick={handleAddRow}
          >
            + {t('grid.addRow')}
          </DomainAction>
          <DomainAction
            {...position}
            col={DOMAIN_COL.up}
            domainId={domain.id}
            field="up"
            label={t('grid.moveDomainUp')}
            onClick={() => edit(() => moveDomain(doc, domain.id, -1))}
          >
            ↑
          </DomainAction>
          <DomainAction
            {...position}
            col={DOMAIN_COL.down}
            domainId={domain.id}
            field="down"
            label={t('grid.moveDomainDown')}
            onClick={() => edit(() => moveDomain(doc, domain.id, 1))}
          >
            ↓
          </DomainAction>
          <DomainAction
            {...position}
            col={DOMAIN_COL.delete}
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
      {confirming && (
        <ConfirmDialog
          title={t('grid.deleteDomain')}
          message={t('grid.confirmDeleteDomain', { number: line.number, count: line.rowCount })}
          confirmLabel={t('grid.deleteDomain')}
          onConfirm={() => {
            setConfirming(false);
            remove();
          }}
          onCancel={() => setConfirming(false)}
        />
      )}
    </div>
  );
});
