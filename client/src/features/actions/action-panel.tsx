/**
 * One action opened for editing, next to the table: every field, the same live texts as the
 * other people editing it (Y.Text per field), typed fields last-writer-wins with their author.
 */
import { useEffect, useId, useRef, useState } from 'react';
import {
  ACTION_STATUSES,
  actionLinks,
  actionQuarter,
  actionText,
  amountInputText,
  deleteAction,
  formatIsoDateFr,
  hasEntity,
  linkRow,
  quarterLabel,
  rowReferences,
  setActionAmount,
  setActionDate,
  setActionOwner,
  setActionQuarter,
  setActionStatus,
  unlinkRow,
  type Action,
  type ActionErrorCode,
  type ActionStatus,
  type EditResult,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { CollabText } from '../../collab/collab-text.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import type { Member } from '../../lib/api.ts';
import { ChangedBy, errorKey, ValidatedField } from './action-fields.tsx';

const FREE_NAME = '__free__';

export function ActionPanel({
  context,
  action,
  members,
  onClose,
}: {
  context: CycleViewContext;
  action: Action;
  members: Member[];
  onClose(): void;
}) {
  const { t } = useI18n();
  const { doc, model, readOnly, edit, author, announce } = context;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const [statusError, setStatusError] = useState<ActionErrorCode | null>(null);
  const [askReason, setAskReason] = useState(false);
  const [freeName, setFreeName] = useState(false);

  useEffect(() => {
    headingRef.current?.focus();
    setStatusError(null);
    setAskReason(false);
    setFreeName(false);
  }, [action.id]);

  if (!hasEntity(doc, 'actions', action.id)) return null;

  const references = rowReferences(model);
  const links = actionLinks(model, action, references);
  const linkable = model.rows.filter((row) => !action.rowIds.includes(row.id));
  const themeOfDomain = new Map(model.domains.map((d) => [d.id, d.themeId]));
  const themeById = new Map(model.themes.map((theme) => [theme.id, theme]));
  const ownerChoice = action.ownerId ?? (freeName || action.owner ? FREE_NAME : '');
  const derivedQuarter = actionQuarter({ ...action, quarter: null });
  const years = [model.meta.year, model.meta.year + 1, model.meta.year + 2];

  /** Runs a validated edit as one undo step and hands back its outcome. */
  const run = (change: () => EditResult): EditResult => {
    let outcome: EditResult = { ok: true };
    edit(() => {
      outcome = change();
    });
    return outcome;
  };

  const changeStatus = (status: ActionStatus) => {
    const result = run(() => setActionStatus(doc, action.id, status, author));
    if (!result.ok) {
      setStatusError(result.code);
      setAskReason(status === 'abandoned');
    } else {
      setStatusError(null);
      setAskReason(false);
    }
  };

  return (
    <aside className="action-panel" aria-labelledby={`${id}-title`}>
      <header>
        <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          {action.title.trim() || t('actions.untitled')}
        </h2>
        <button type="button" onClick={onClose} aria-label={t('actions.closePanel')}>
          ✕
        </button>
      </header>

      <label className="action-field">
        <span>{t('actions.field.title')}</span>
        <CollabText
          text={actionText(doc, action.id, 'title')}
          readOnly={readOnly}
          className="action-text"
          data-field="title"
        />
      </label>
      <label className="action-field">
        <span>{t('actions.field.description')}</span>
        <CollabText
          text={actionText(doc, action.id, 'description')}
          readOnly={readOnly}
          rows={4}
          className="action-text"
          data-field="description"
        />
      </label>

      <div className="action-field">
        <label htmlFor={`${id}-owner`}>{t('actions.field.owner')}</label>
        <select
          id={`${id}-owner`}
          value={ownerChoice}
          disabled={readOnly}
          onChange={(event) => {
            const value = event.target.value;
            if (value === FREE_NAME) {
              setFreeName(true);
              edit(() => setActionOwner(doc, action.id, { id: null, name: action.owner }, author));
              return;
            }
            setFreeName(false);
            const member = members.find((m) => m.userId === value);
            edit(() =>
              setActionOwner(
                doc,
                action.id,
                member ? { id: member.userId, name: member.name } : { id: null, name: '' },
                author,
              ),
            );
          }}
        >
          <option value="">{t('actions.owner.none')}</option>
          {members.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.name}
            </option>
          ))}
          {action.ownerId && !members.some((m) => m.userId === action.ownerId) && (
            <option value={action.ownerId}>{action.owner || t('actions.owner.former')}</option>
          )}
          <option value={FREE_NAME}>{t('actions.owner.free')}</option>
        </select>
        {ownerChoice === FREE_NAME && (
          <CollabText
            text={actionText(doc, action.id, 'owner')}
            readOnly={readOnly}
            className="action-text"
            aria-label={t('actions.owner.freeName')}
            placeholder={t('actions.owner.freePlaceholder')}
          />
        )}
        <ChangedBy doc={doc} actionId={action.id} field="owner" />
      </div>

      <div className="action-grid-2">
        <ValidatedField
          label={t('actions.field.budget')}
          value={amountInputText(action.budget)}
          inputMode="decimal"
          readOnly={readOnly}
          hint={t('actions.amountHint')}
          onCommit={(text) => {
            return run(() => setActionAmount(doc, action.id, 'budget', text, author));
          }}
        />
        <ValidatedField
          label={t('actions.field.budgetSpent')}
          value={amountInputText(action.budgetSpent)}
          inputMode="decimal"
          readOnly={readOnly}
          onCommit={(text) => {
            return run(() => setActionAmount(doc, action.id, 'budgetSpent', text, author));
          }}
        />
        <ValidatedField
          label={t('actions.field.startDate')}
          value={formatIsoDateFr(action.startDate)}
          placeholder="jj/mm/aaaa"
          readOnly={readOnly}
          onCommit={(text) => {
            return run(() => setActionDate(doc, action.id, 'startDate', text, author));
          }}
        />
        <ValidatedField
          label={t('actions.field.dueDate')}
          value={formatIsoDateFr(action.dueDate)}
          placeholder="jj/mm/aaaa"
          readOnly={readOnly}
          onCommit={(text) => {
            return run(() => setActionDate(doc, action.id, 'dueDate', text, author));
          }}
        />
      </div>

      <div className="action-grid-2">
        <div className="action-field">
          <label htmlFor={`${id}-quarter`}>{t('actions.field.quarter')}</label>
          <select
            id={`${id}-quarter`}
            value={action.quarter ?? ''}
            disabled={readOnly}
            onChange={(event) =>
              edit(() => setActionQuarter(doc, action.id, event.target.value || null, author))
            }
          >
            <option value="">
              {derivedQuarter
                ? t('actions.quarter.fromDates', { quarter: quarterLabel(derivedQuarter) })
                : t('actions.quarter.none')}
            </option>
            {years.flatMap((year) =>
              [1, 2, 3, 4].map((q) => (
                <option key={`${year}-T${q}`} value={`${year}-T${q}`}>
                  {quarterLabel(`${year}-T${q}`)}
                </option>
              )),
            )}
          </select>
        </div>
        <div className="action-field">
          <label htmlFor={`${id}-status`}>{t('actions.field.status')}</label>
          <select
            id={`${id}-status`}
            value={askReason ? 'abandoned' : action.status}
            disabled={readOnly}
            aria-invalid={statusError ? true : undefined}
            aria-describedby={statusError ? `${id}-status-error` : undefined}
            onChange={(event) => changeStatus(event.target.value as ActionStatus)}
            data-field="status"
          >
            {ACTION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`actions.status.${status}`)}
              </option>
            ))}
          </select>
          <ChangedBy doc={doc} actionId={action.id} field="status" />
        </div>
      </div>
      {(action.status === 'abandoned' || askReason) && (
        <div className="action-field">
          <label htmlFor={`${id}-reason`}>{t('actions.field.abandonReason')}</label>
          <CollabText
            id={`${id}-reason`}
            text={actionText(doc, action.id, 'abandonReason')}
            readOnly={readOnly}
            className="action-text"
            aria-invalid={statusError ? true : undefined}
          />
          {askReason && (
            <button type="button" onClick={() => changeStatus('abandoned')}>
              {t('actions.confirmAbandon')}
            </button>
          )}
        </div>
      )}
      {statusError && (
        <p id={`${id}-status-error`} className="field-error" role="alert">
          {t(errorKey(statusError))}
        </p>
      )}

      <div className="action-field">
        <span id={`${id}-links`}>{t('actions.field.rows')}</span>
        {links.length === 0 ? (
          <p className="action-hint">{t('actions.links.none')}</p>
        ) : (
          <ul className="action-links" aria-labelledby={`${id}-links`}>
            {links.map((link) => (
              <li key={link.rowId} className={link.gone ? 'link-gone' : undefined}>
                {link.gone ? (
                  <span>
                    {t('actions.links.gone', {
                      label: link.label || t('actions.links.unknown'),
                    })}
                  </span>
                ) : (
                  <span>
                    <strong>{link.reference}</strong> {link.label}
                  </span>
                )}
                {!readOnly && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => edit(() => unlinkRow(doc, action.id, link.rowId))}
                  >
                    {t('actions.links.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {!readOnly && linkable.length > 0 && (
          <select
            aria-label={t('actions.links.add')}
            value=""
            onChange={(event) => {
              const row = model.rows.find((r) => r.id === event.target.value);
              if (!row) return;
              edit(() =>
                linkRow(doc, action.id, row.id, `${references.get(row.id) ?? ''} — ${row.label}`),
              );
            }}
          >
            <option value="">{t('actions.links.add')}</option>
            {linkable.map((row) => {
              const theme = themeById.get(themeOfDomain.get(row.domainId) ?? '');
              return (
                <option key={row.id} value={row.id}>
                  {references.get(row.id)} — {row.label.slice(0, 70) || t('actions.untitledRow')}
                  {theme ? ` (${theme.title})` : ''}
                </option>
              );
            })}
          </select>
        )}
      </div>

      <label className="action-field">
        <span>{t('actions.field.notes')}</span>
        <CollabText
          text={actionText(doc, action.id, 'notes')}
          readOnly={readOnly}
          rows={3}
          className="action-text"
        />
      </label>

      {!readOnly && (
        <button
          type="button"
          className="danger"
          onClick={() => {
            edit(() => deleteAction(doc, action.id, author));
            announce(t('actions.binned', { title: action.title.trim() || t('actions.untitled') }));
            onClose();
          }}
        >
          {t('actions.delete')}
        </button>
      )}
    </aside>
  );
}
