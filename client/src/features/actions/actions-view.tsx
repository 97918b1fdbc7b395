/**
 * The action plan as a table grouped by theme, with totals per theme and overall (prévu, engagé,
 * number by status), sortable columns and filters (theme, status, pilote, late, mes actions). An
 * action opens in a side panel (`?action=<id>`) where it is co-edited live.
 */
import { useMemo, useState } from 'react';
import {
  ACTION_STATUSES,
  actionLinks,
  actionMatches,
  actionQuarter,
  actionTheme,
  createAction,
  formatEurosFr,
  formatIsoDateFr,
  isLate,
  NO_ACTION_FILTER,
  planTotals,
  quarterLabel,
  restoreAction,
  rowReferences,
  sortActions,
  todayIso,
  type Action,
  type ActionFilter,
  type ActionSortKey,
  type ActionStatus,
  type ActionTotals,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/fr.ts';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import { useSession } from '../../app/session.tsx';
import { ActionPanel } from './action-panel.tsx';
import { useMembers, useSearchParam } from './use-cycle-data.ts';
import './actions.css';

const COLUMNS: { key: ActionSortKey; label: MessageKey; numeric?: boolean }[] = [
  { key: 'title', label: 'actions.field.title' },
  { key: 'owner', label: 'actions.field.owner' },
  { key: 'startDate', label: 'actions.col.start' },
  { key: 'dueDate', label: 'actions.col.due' },
  { key: 'status', label: 'actions.field.status' },
  { key: 'budget', label: 'actions.col.budget', numeric: true },
  { key: 'budgetSpent', label: 'actions.col.spent', numeric: true },
];

/** "2 à lancer · 1 en cours" for a totals line. */
function statusSummary(totals: ActionTotals, t: ReturnType<typeof useI18n>['t']): string {
  return ACTION_STATUSES.filter((status) => totals.byStatus[status] > 0)
    .map((status) => `${totals.byStatus[status]} ${t(`actions.statusCount.${status}`)}`)
    .join(' · ');
}

export function StatusBadge({ status }: { status: ActionStatus }) {
  const { t } = useI18n();
  return (
    <span className={`status-badge status-${status}`} data-action-status={status}>
      {t(`actions.status.${status}`)}
    </span>
  );
}

export function ActionsView({ context }: { context: CycleViewContext }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { model, doc, readOnly, edit, author, cycle, announce } = context;
  const members = useMembers(cycle.organisationId);
  const [openId, setOpenId] = useSearchParam('action');
  const [filter, setFilter] = useState<ActionFilter>(NO_ACTION_FILTER);
  const [sort, setSort] = useState<{ key: ActionSortKey; direction: 1 | -1 }>({
    key: 'order',
    direction: 1,
  });
  const today = todayIso();
  const references = useMemo(() => rowReferences(model), [model]);
  const live = model.actions.filter((action) => action.deletedAt === null);
  const binned = model.actions.filter((action) => action.deletedAt !== null);
  const shown = sortActions(
    live.filter((action) => actionMatches(model, action, filter, today)),
    sort.key,
    sort.direction,
  );
  const totals = planTotals(model, shown);
  const groups = [
    ...model.themes.map((theme) => ({ id: theme.id, title: `${theme.number}. ${theme.title}` })),
    { id: '', title: t('actions.noTheme') },
  ]
    .map((group) => ({
      ...group,
      actions: shown.filter((action) => (actionTheme(model, action)?.id ?? '') === group.id),
    }))
    .filter((group) => group.actions.length > 0);
  const open = model.actions.find((action) => action.id === openId && action.deletedAt === null);
  const filtering = JSON.stringify(filter) !== JSON.stringify(NO_ACTION_FILTER);

  const create = () => {
    let id = '';
    edit(() => {
      id = createAction(doc, {}, author);
    });
    setOpenId(id);
  };

  const toggleSort = (key: ActionSortKey) =>
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === 1 ? -1 : 1 }
        : { key, direction: 1 },
    );

  const row = (action: Action) => {
    const late = isLate(action, today);
    const links = actionLinks(model, action, references);
    const quarter = actionQuarter(action);
    return (
      <tr
        key={action.id}
        className={`${late ? 'late' : ''}${action.id === openId ? ' selected' : ''}`}
        data-action-id={action.id}
      >
        <th scope="row">
          <button
            type="button"
            className="link-button action-open"
            onClick={() => setOpenId(action.id)}
          >
            {action.title.trim() || t('actions.untitled')}
          </button>
          {links.length > 0 && (
            <span className="action-refs">
              {links.map((link) =>
                link.gone ? (
                  <span key={link.rowId} className="ref-gone">
                    {t('actions.links.goneShort')}
                  </span>
                ) : (
                  <span key={link.rowId}>{link.reference}</span>
                ),
              )}
            </span>
          )}
        </th>
        <td>{action.owner || <span className="missing">{t('actions.owner.missing')}</span>}</td>
        <td>
          {formatIsoDateFr(action.startDate)}
          {quarter && <span className="quarter-tag">{quarterLabel(quarter)}</span>}
        </td>
        <td>{formatIsoDateFr(action.dueDate)}</td>
        <td>
          <StatusBadge status={action.status} />
          {late && <span className="late-badge">{t('actions.late')}</span>}
        </td>
        <td className="num">{action.budget === null ? '' : formatEurosFr(action.budget)}</td>
        <td className="num">
          {action.budgetSpent === null ? '' : formatEurosFr(action.budgetSpent)}
        </td>
      </tr>
    );
  };

  const totalsRow = (label: string, values: ActionTotals, key: string, strong = false) => (
    <tr key={key} className={strong ? 'totals totals-overall' : 'totals'}>
      <th scope="row" colSpan={5}>
        {label} — {t('actions.count', { count: values.count })}
        {values.count > 0 && <span className="status-summary"> ({statusSummary(values, t)})</span>}
      </th>
      <td className="num">{formatEurosFr(values.planned)}</td>
      <td className="num">{formatEurosFr(values.spent)}</td>
    </tr>
  );

  return (
    <div className={`actions-view${open ? ' with-panel' : ''}`}>
      <div className="actions-main">
        <div className="actions-toolbar" role="toolbar" aria-label={t('actions.toolbar')}>
          {!readOnly && (
            <button type="button" className="primary" onClick={create}>
              {t('actions.new')}
            </button>
          )}
          <label>
            <span>{t('actions.filter.theme')}</span>
            <select
              value={filter.themeIds[0] ?? '*'}
              onChange={(event) =>
                setFilter({
                  ...filter,
                  themeIds: event.target.value === '*' ? [] : [event.target.value],
                })
              }
            >
              <option value="*">{t('actions.filter.all')}</option>
              {model.themes.map((theme) => (
                <option key={theme.id} value={theme.id}>
                  {theme.number}. {theme.title}
                </option>
              ))}
              <option value="">{t('actions.noTheme')}</option>
            </select>
          </label>
          <label>
            <span>{t('actions.field.status')}</span>
            <select
              value={filter.statuses[0] ?? ''}
              onChange={(event) =>
                setFilter({
                  ...filter,
                  statuses: event.target.value ? [event.target.value as ActionStatus] : [],
                })
              }
            >
              <option value="">{t('actions.filter.all')}</option>
              {ACTION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`actions.status.${status}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('actions.field.owner')}</span>
            <input
              type="search"
              value={filter.owner}
              onChange={(event) => setFilter({ ...filter, owner: event.target.value })}
              placeholder={t('actions.filter.ownerPlaceholder')}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={filter.lateOnly}
              onChange={(event) => setFilter({ ...filter, lateOnly: event.target.checked })}
            />
            {t('actions.filter.late')}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={filter.mine !== null}
              disabled={!me}
              onChange={(event) =>
                setFilter({
                  ...filter,
                  mine: event.target.checked && me ? { id: me.user.id, name: me.user.name } : null,
                })
              }
            />
            {t('actions.filter.mine')}
          </label>
          {filtering && (
            <button type="button" onClick={() => setFilter(NO_ACTION_FILTER)}>
              {t('actions.filter.clear')}
            </button>
          )}
        </div>

        {live.length === 0 ? (
          <p className="empty">{t('actions.empty')}</p>
        ) : shown.length === 0 ? (
          <p className="empty" role="status">
            {t('actions.noMatch')}
          </p>
        ) : (
          <table className="actions-table">
            <caption className="visually-hidden">{t('actions.caption')}</caption>
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th
                    key={column.key}
                    scope="col"
                    className={column.numeric ? 'num' : undefined}
                    aria-sort={
                      sort.key === column.key
                        ? sort.direction === 1
                          ? 'ascending'
                          : 'descending'
                        : undefined
                    }
                  >
                    <button type="button" className="sort" onClick={() => toggleSort(column.key)}>
                      {t(column.label)}
                      <span aria-hidden="true">
                        {sort.key === column.key ? (sort.direction === 1 ? ' ▲' : ' ▼') : ''}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            {groups.map((group) => (
              <tbody key={group.id || 'none'} data-theme-id={group.id}>
                <tr className="group">
                  <th scope="colgroup" colSpan={COLUMNS.length}>
                    {group.title}
                  </th>
                </tr>
                {group.actions.map(row)}
                {totalsRow(
                  t('actions.totalTheme'),
                  totals.byTheme.get(group.id)!,
                  `${group.id}-totals`,
                )}
              </tbody>
            ))}
            <tfoot>{totalsRow(t('actions.totalOverall'), totals.overall, 'overall', true)}</tfoot>
          </table>
        )}

        {binned.length > 0 && (
          <details className="actions-bin">
            <summary>{t('actions.bin', { count: binned.length })}</summary>
            <ul>
              {binned.map((action) => (
                <li key={action.id}>
                  {action.title.trim() || t('actions.untitled')}
                  {!readOnly && (
                    <button
                      type="button"
                      onClick={() => {
                        edit(() => restoreAction(doc, action.id, author));
                        announce(t('actions.restored'));
                      }}
                    >
                      {t('actions.restore')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
      {open && (
        <ActionPanel
          context={context}
          action={open}
          members={members}
          onClose={() => setOpenId(null)}
        />
      )}
    </div>
  );
}
