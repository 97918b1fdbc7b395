/**
 * The dashboard of a cycle (issue 15), made to be read on the meeting room's projector: key
 * figures, bars per theme for état des lieux and objectives coverage, a progress ring for the
 * action plan. Every figure comes from `dashboardFigures` (shared), and every chart's numbers are
 * also in the table below it, for screen readers and for anyone who prefers numbers.
 */
import { useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import {
  dashboardFigures,
  formatEurosFr,
  readOneYearReviews,
  todayIso,
  type DashboardFigures,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import { ChartCanvas } from './chart-canvas.tsx';
import { MandateWarnings, YearsTable } from './dashboard-years.tsx';
import './dashboard.css';

const percent = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 100);

export function DashboardView({ context }: { context: CycleViewContext }) {
  const { t, formatNumber, formatDate } = useI18n();
  const { model, doc } = context;
  const day = todayIso();
  const dashboard = useMemo(
    () => dashboardFigures(model, day, readOneYearReviews(doc)),
    [model, day, doc],
  );
  const { overall } = dashboard;
  const retained = dashboard.themes.filter((theme) => theme.retained).length;
  const reviews = overall.reviews;
  const reviewed = reviews ? reviews.yes + reviews.partly + reviews.no + reviews.pending : 0;

  const coverage = useMemo<ChartConfiguration<'bar'>>(
    () => ({
      type: 'bar',
      data: {
        labels: dashboard.themes.map((theme) => `${theme.number}`),
        datasets: [
          {
            label: t('dashboard.withBaseline'),
            data: dashboard.themes.map((theme) => percent(theme.withBaseline, theme.rows)),
            backgroundColor: '#1f5f8b',
          },
          {
            label: t('dashboard.withObjectives'),
            data: dashboard.themes.map((theme) => percent(theme.withObjectives, theme.rows)),
            backgroundColor: '#f2b134',
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { min: 0, max: 100, ticks: { callback: (value) => `${value} %`, font: { size: 14 } } },
          x: {
            title: { display: true, text: t('dashboard.theme'), font: { size: 14 } },
            ticks: { font: { size: 16 } },
          },
        },
        plugins: { legend: { labels: { font: { size: 15 } } } },
      },
    }),
    [dashboard, t],
  );

  const others = overall.actions - overall.actionsDone - overall.actionsLate;
  const ring = useMemo<ChartConfiguration<'doughnut'>>(
    () => ({
      type: 'doughnut',
      data: {
        labels: [t('dashboard.done'), t('dashboard.late'), t('dashboard.ongoing')],
        datasets: [
          {
            data: [overall.actionsDone, overall.actionsLate, Math.max(0, others)],
            backgroundColor: ['#2e7d4f', '#b3261e', '#d6dde4'],
            borderWidth: 0,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        cutout: '70%',
        plugins: { legend: { position: 'right', labels: { font: { size: 14 } } } },
      },
    }),
    [overall, others, t],
  );

  const coverageLabel = t('dashboard.coverageLabel', {
    themes: dashboard.themes
      .map((theme) =>
        t('dashboard.coverageTheme', {
          number: theme.number,
          baseline: percent(theme.withBaseline, theme.rows),
          objectives: percent(theme.withObjectives, theme.rows),
        }),
      )
      .join(' ; '),
  });
  const ringLabel = t('dashboard.ringLabel', {
    done: overall.actionsDone,
    late: overall.actionsLate,
    total: overall.actions,
  });

  return (
    <article className="dashboard" aria-labelledby="dashboard-title">
      <header className="dashboard-header">
        <h2 id="dashboard-title">{t('dashboard.title', { year: dashboard.year })}</h2>
        <p className="muted">{t('dashboard.asOf', { date: formatDate(day) })}</p>
      </header>
      <MandateWarnings doc={doc} day={day} />

      <ul className="dashboard-keys" aria-label={t('dashboard.keyFigures')}>
        <KeyFigure
          id="retained"
          value={`${retained} / ${dashboard.themes.length}`}
          label={t('dashboard.themesRetained')}
        />
        <KeyFigure
          id="baseline"
          value={`${overall.withBaseline} / ${overall.rows}`}
          label={t('dashboard.rowsWithBaseline')}
        />
        <KeyFigure
          id="objectives"
          value={`${overall.withObjectives} / ${overall.rows}`}
          label={t('dashboard.rowsWithObjectives')}
        />
        <KeyFigure
          id="actions"
          value={`${overall.actionsDone} / ${overall.actions}`}
          label={t('dashboard.actionsDone', { late: overall.actionsLate })}
        />
        <KeyFigure
          id="budget"
          value={formatEurosFr(overall.budgetSpent)}
          label={t('dashboard.budgetOf', { planned: formatEurosFr(overall.budgetPlanned) })}
        />
        {reviews && reviewed > 0 && (
          <KeyFigure
            id="reviews"
            value={`${reviews.yes} / ${reviewed}`}
            label={t('dashboard.reviewsKey', { ...reviews })}
          />
        )}
      </ul>

      <div className="dashboard-charts">
        <figure className="dashboard-figure dashboard-bars">
          <figcaption>{t('dashboard.coverageTitle')}</figcaption>
          <ChartCanvas config={coverage} label={coverageLabel} testId="dashboard-coverage" />
        </figure>
        <figure className="dashboard-figure dashboard-ring">
          <figcaption>{t('dashboard.ringTitle')}</figcaption>
          {overall.actions === 0 ? (
            <p className="muted dashboard-empty">{t('dashboard.noActions')}</p>
          ) : (
            <ChartCanvas config={ring} label={ringLabel} testId="dashboard-ring" />
          )}
          <p className="dashboard-ring-text">{ringLabel}</p>
        </figure>
      </div>

      <div
        className="dashboard-table-wrap"
        tabIndex={0}
        role="region"
        aria-labelledby="dashboard-table-caption"
      >
        <table className="dashboard-table" data-testid="dashboard-table">
          <caption id="dashboard-table-caption">{t('dashboard.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.theme')}</th>
              <th scope="col">{t('dashboard.retained')}</th>
              <th scope="col">{t('dashboard.rows')}</th>
              <th scope="col">{t('dashboard.withBaseline')}</th>
              <th scope="col">{t('dashboard.withObjectives')}</th>
              <th scope="col">{t('dashboard.balance')}</th>
              <th scope="col">{t('dashboard.actionsCol')}</th>
              <th scope="col">{t('dashboard.budgetCol')}</th>
              {reviewed > 0 && <th scope="col">{t('dashboard.reviewsCol')}</th>}
            </tr>
          </thead>
          <tbody>
            {dashboard.themes.map((theme) => (
              <FiguresRow
                key={theme.themeId}
                name={`${theme.number}. ${theme.title}`}
                retained={theme.retained ? t('dashboard.yes') : t('dashboard.no')}
                figures={theme}
                testId={`theme-${theme.number}`}
              />
            ))}
            {dashboard.noTheme && (
              <FiguresRow
                name={t('dashboard.noTheme')}
                retained=""
                figures={dashboard.noTheme}
                testId="no-theme"
              />
            )}
          </tbody>
          <tfoot>
            <FiguresRow
              name={t('dashboard.total')}
              retained={`${retained} / ${dashboard.themes.length}`}
              figures={overall}
              testId="total"
            />
          </tfoot>
        </table>
      </div>
      <YearsTable cycleId={context.cycle.id} />
    </article>
  );

  function FiguresRow({
    name,
    retained: retainedText,
    figures,
    testId,
  }: {
    name: string;
    retained: string;
    figures: DashboardFigures;
    testId: string;
  }) {
    return (
      <tr data-testid={`dashboard-row-${testId}`}>
        <th scope="row">{name}</th>
        <td data-cell="retained">{retainedText}</td>
        <td data-cell="rows">{formatNumber(figures.rows)}</td>
        <td data-cell="baseline">
          {formatNumber(figures.withBaseline)} ({percent(figures.withBaseline, figures.rows)} %)
        </td>
        <td data-cell="objectives">
          {formatNumber(figures.withObjectives)} ({percent(figures.withObjectives, figures.rows)} %)
        </td>
        <td data-cell="balance">
          {t('dashboard.balanceValue', {
            quanti: figures.quantitative,
            quali: figures.qualitative,
          })}
        </td>
        <td data-cell="actions">
          {t('dashboard.actionsValue', {
            done: figures.actionsDone,
            total: figures.actions,
            late: figures.actionsLate,
          })}
        </td>
        <td data-cell="budget">
          {formatEurosFr(figures.budgetSpent)} / {formatEurosFr(figures.budgetPlanned)}
        </td>
        {reviewed > 0 && (
          <td data-cell="reviews">
            {figures.reviews
              ? `${figures.reviews.yes} / ${figures.reviews.partly} / ${figures.reviews.no} / ${figures.reviews.pending}`
              : ''}
          </td>
        )}
      </tr>
    );
  }
}

function KeyFigure({ id, value, label }: { id: string; value: string; label: string }) {
  return (
    <li className="dashboard-key" data-testid={`dashboard-key-${id}`}>
      <span className="dashboard-key-value">{value}</span>
      <span className="dashboard-key-label">{label}</span>
    </li>
  );
}
