/**
 * The actions of one grid row, shown in the row's side panel, with "créer une action pour cette
 * ligne" (the new action is linked to the row and opens in the action plan).
 */
import { createAction, formatIsoDateFr, rowReferences, type CycleModel } from '@pilotis/shared';
import type * as Y from 'yjs';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../app/router.tsx';
import { StatusBadge } from './actions-view.tsx';
import './actions.css';

/** The cycle's base address, from the page we are on (`/cycles/<id>`). */
function cycleBase(): string {
  return /^\/cycles\/[^/]+/.exec(window.location.pathname)?.[0] ?? '';
}

export function RowActions({
  model,
  rowId,
  doc,
  readOnly,
  edit,
  author,
}: {
  model: CycleModel;
  rowId: string;
  doc: Y.Doc;
  readOnly: boolean;
  edit(change: () => void): void;
  author: { name: string; color?: string };
}) {
  const { t } = useI18n();
  const actions = model.actions.filter((a) => a.deletedAt === null && a.rowIds.includes(rowId));
  const row = model.rows.find((r) => r.id === rowId);
  const base = cycleBase();
  return (
    <section className="row-actions" aria-label={t('actions.row.title')}>
      <h3>{t('actions.row.title')}</h3>
      {actions.length === 0 ? (
        <p className="action-hint">{t('actions.row.none')}</p>
      ) : (
        <ul>
          {actions.map((action) => (
            <li key={action.id}>
              <Link href={`${base}/actions?action=${encodeURIComponent(action.id)}`}>
                {action.title.trim() || t('actions.untitled')}
              </Link>{' '}
              <StatusBadge status={action.status} />
              {action.dueDate && (
                <span className="action-hint"> {formatIsoDateFr(action.dueDate)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && row && (
        <button
          type="button"
          onClick={() => {
            const reference = rowReferences(model).get(rowId) ?? '';
            let id = '';
            edit(() => {
              id = createAction(
                doc,
                { rowIds: [rowId], linkLabels: { [rowId]: `${reference} — ${row.label}` } },
                author,
              );
            });
            navigate(`${base}/actions?action=${encodeURIComponent(id)}`);
          }}
        >
          {t('actions.row.create')}
        </button>
      )}
    </section>
  );
}
