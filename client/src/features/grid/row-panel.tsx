/**
 * A row opened in a side panel for comfortable writing: every field large, the same live texts.
 */
import { useEffect, useRef } from 'react';
import { domainNumbers, hasEntity, rowText, type CycleModel } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { CollabText } from '../../collab/collab-text.tsx';
import { useGrid } from './grid-context.ts';
import { NatureEditor, TreatedEditor } from './field-editors.tsx';
import { RowActions } from '../actions/row-actions.tsx';
import { RowHistory } from '../dashboard/row-history.tsx';

export function RowPanel({
  model,
  rowId,
  onClose,
}: {
  model: CycleModel;
  rowId: string;
  onClose(): void;
}) {
  const { t } = useI18n();
  const { doc, readOnly, edit, author } = useGrid();
  const closeRef = useRef<HTMLButtonElement>(null);
  const row = model.rows.find((r) => r.id === rowId);
  const domain = model.domains.find((d) => d.id === row?.domainId);
  const theme = model.themes.find((th) => th.id === domain?.themeId);
  const number = domain ? domainNumbers(model.themes, model.domains).get(domain.id) : '';

  useEffect(() => closeRef.current?.focus(), [rowId]);
  useEffect(() => {
    if (!row) onClose();
  }, [row, onClose]);
  if (!row || !hasEntity(doc, 'rows', row.id)) return null;

  const fields = [
    ['label', 'grid.label'],
    ['baseline', 'grid.baseline'],
    ['target1y', 'grid.target1y'],
    ['target3y', 'grid.target3y'],
    ['sources', 'grid.sources'],
  ] as const;

  return (
    <aside
      className="row-panel"
      aria-label={t('panel.title', { number: number ?? '' })}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <header>
        <p className="muted">
          {theme ? `${theme.number}. ${theme.title}` : ''} › {number} {domain?.title}
        </p>
        <button ref={closeRef} type="button" onClick={onClose} aria-label={t('panel.close')}>
          ✕
        </button>
      </header>
      {fields.map(([field, label]) => (
        <label key={field} className="panel-field">
          <span>{t(label)}</span>
          <CollabText
            text={rowText(doc, row.id, field)}
            className="panel-text"
            readOnly={readOnly}
          />
        </label>
      ))}
      <div className="panel-field">
        <span>{t('grid.nature')}</span>
        <NatureEditor row={row} />
      </div>
      <div className="panel-field">
        <span>{t('grid.treated')}</span>
        <TreatedEditor row={row} />
        {!row.treated && (
          <CollabText
            text={rowText(doc, row.id, 'notTreatedReason')}
            className="panel-text"
            aria-label={t('grid.notTreatedReason')}
            placeholder={t('grid.reasonPlaceholder')}
            readOnly={readOnly}
          />
        )}
      </div>
      <RowActions
        model={model}
        rowId={row.id}
        doc={doc}
        readOnly={readOnly}
        edit={edit}
        author={author}
      />
      <RowHistory row={row} />
    </aside>
  );
}
