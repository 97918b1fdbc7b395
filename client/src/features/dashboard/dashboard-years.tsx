/**
 * Year after year on the dashboard (issue 15): the referents whose mandate ends within three
 * months (or has ended), and the cycle's figures beside the organisation's other cycles, read from
 * GET /api/cycles/:cycleId/years (every figure from the same `dashboardFigures`).
 */
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { formatEurosFr, mandateWarnings, readSetup } from '@pilotis/shared';
import { request } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function MandateWarnings({ doc, day }: { doc: Y.Doc; day: string }) {
  const { t, formatDate } = useI18n();
  // Read at every render: the view re-renders with each change of the document (cheap).
  const warnings = mandateWarnings(readSetup(doc).referents, day);
  if (warnings.length === 0) return null;
  return (
    <div
      className="notice notice-warn dashboard-mandates"
      role="status"
      data-testid="mandate-warnings"
    >
      <strong>{t('dashboard.mandatesTitle')}</strong>
      <ul>
        {warnings.map((warning) => (
          <li key={`${warning.theme}-${warning.name}`}>
            {t(warning.ended ? 'dashboard.mandateEnded' : 'dashboard.mandateEnds', {
              name: warning.name,
              theme: warning.theme,
              date: formatDate(warning.to),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface YearFigures {
  cycleId: string;
  year: number;
  rows: number;
  withBaseline: number;
  withObjectives: number;
  themesRetained: number;
  actions: number;
  actionsDone: number;
  actionsLate: number;
  budgetPlanned: number;
  budgetSpent: number;
  reviewed: number;
  reached: number;
}

export function YearsTable({ cycleId }: { cycleId: string }) {
  const { t, plural, formatNumber } = useI18n();
  const [years, setYears] = useState<YearFigures[] | null | 'error'>(null);
  useEffect(() => {
    let live = true;
    request<{ years: YearFigures[] }>('GET', `/api/cycles/${cycleId}/years`).then(
      (body) => live && setYears(body.years),
      () => live && setYears('error'),
    );
    return () => {
      live = false;
    };
  }, [cycleId]);
  if (years === null) return <p role="status">{t('common.loading')}</p>;
  if (years === 'error') return <p className="field-error">{t('dashboard.yearsError')}</p>;
  if (years.length < 2) return null;
  return (
    <div
      className="dashboard-table-wrap"
      tabIndex={0}
      role="region"
      aria-labelledby="years-caption"
    >
      <table className="dashboard-table" data-testid="dashboard-years">
        <caption id="years-caption">{t('dashboard.yearsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.year')}</th>
            <th scope="col">{t('dashboard.yearsThemes')}</th>
            <th scope="col">{t('dashboard.withBaseline')}</th>
            <th scope="col">{t('dashboard.withObjectives')}</th>
            <th scope="col">{t('dashboard.yearsReviewsCol')}</th>
            <th scope="col">{t('dashboard.actionsCol')}</th>
            <th scope="col">{t('dashboard.budgetCol')}</th>
          </tr>
        </thead>
        <tbody>
          {years.map((year) => (
            <tr key={year.cycleId} aria-current={year.cycleId === cycleId ? 'true' : undefined}>
              <th scope="row">{year.year}</th>
              <td>{formatNumber(year.themesRetained)} / 8</td>
              <td>
                {formatNumber(year.withBaseline)} / {formatNumber(year.rows)}
              </td>
              <td>
                {formatNumber(year.withObjectives)} / {formatNumber(year.rows)}
              </td>
              <td>
                {year.reviewed === 0
                  ? '—'
                  : plural(
                      year.reviewed,
                      'dashboard.yearsReached.one',
                      'dashboard.yearsReached.other',
                      { reached: year.reached, reviewed: year.reviewed },
                    )}
              </td>
              <td>
                {t('dashboard.actionsValue', {
                  done: year.actionsDone,
                  total: year.actions,
                  late: year.actionsLate,
                })}
              </td>
              <td>
                {formatEurosFr(year.budgetSpent)} / {formatEurosFr(year.budgetPlanned)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
