/**
 * A row's history across the organisation's cycles, in its side panel (issue 15): for a
 * quantitative indicator a small line chart of its values and 1-year objectives (Chart.js, loaded
 * on demand) with the same numbers in a table; for a qualitative question, the successive états
 * des lieux side by side. Shown only when the row was carried from or to another year.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import {
  formatFrenchNumber,
  parseFrenchNumber,
  type HistoryPoint,
  type Row,
} from '@pilotis/shared';
import { request } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ChartCanvas } from './chart-canvas.tsx';
import { OneYearReview } from './one-year-review.tsx';
import './dashboard.css';

type State =
  { status: 'loading' } | { status: 'error' } | { status: 'ready'; points: HistoryPoint[] };

/** The current cycle's id, from the workspace's address (`/cycles/:id/...`). */
const cycleIdFromPath = () => /^\/cycles\/([^/]+)/.exec(window.location.pathname)?.[1] ?? '';

/** A number written in an objective ("45 %", "1 234,5 €"), when it holds exactly one. */
function objectiveNumber(text: string): number | null {
  const match = /-?\d[\d\s\u00a0\u202f]*(?:[,.]\d+)?/.exec(text);
  if (!match) return null;
  const parsed = parseFrenchNumber(match[0].trim());
  return parsed.ok ? parsed.value : null;
}

/** The row's one-year review (when carried with an objective) and its history. */
export function RowHistory({ row }: { row: Row }) {
  return (
    <>
      <OneYearReview row={row} />
      <HistoryBlock row={row} />
    </>
  );
}

function HistoryBlock({ row }: { row: Row }) {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });
  const cycleId = cycleIdFromPath();
  const carried = Boolean(row.previous);
  const key = `${row.id}:${row.baselineValue}:${row.nature}`;

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    request<{ points: HistoryPoint[] }>(
      'GET',
      `/api/cycles/${encodeURIComponent(cycleId)}/rows/${encodeURIComponent(row.id)}/history`,
    ).then(
      (reply) => !cancelled && setState({ status: 'ready', points: reply.points }),
      () => !cancelled && setState({ status: 'error' }),
    );
    return () => {
      cancelled = true;
    };
    // Refetched when the row's measurement changes here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cycleId, key]);

  const points = useMemo(() => (state.status === 'ready' ? state.points : []), [state]);
  const unit = points.find((point) => point.unit)?.unit ?? row.unit;
  const config = useMemo<ChartConfiguration<'line'>>(
    () => ({
      type: 'line',
      data: {
        labels: points.map((point) => String(point.year)),
        datasets: [
          {
            label: t('history.value'),
            data: points.map((point) => point.value),
            borderColor: '#1f5f8b',
            backgroundColor: '#1f5f8b',
            spanGaps: true,
          },
          {
            label: t('history.target1y'),
            data: points.map((point) => objectiveNumber(point.target1y)),
            borderColor: '#f2b134',
            backgroundColor: '#f2b134',
            borderDash: [6, 4],
            spanGaps: true,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: 'bottom' } },
      },
    }),
    [points, t],
  );

  if (!carried && (state.status !== 'ready' || points.length < 2)) return null;
  const title = <h3 className="history-title">{t('history.title')}</h3>;
  if (state.status === 'loading')
    return (
      <section className="row-history" aria-busy="true">
        {title}
        <p className="muted">{t('history.loading')}</p>
      </section>
    );
  if (state.status === 'error')
    return (
      <section className="row-history">
        {title}
        <p role="alert">{t('history.error')}</p>
      </section>
    );

  const label = t('history.chartLabel', {
    points: points
      .map((point) =>
        t('history.chartPoint', {
          year: point.year,
          value: point.value === null ? t('history.none') : formatFrenchNumber(point.value, unit),
        }),
      )
      .join(' ; '),
  });

  return (
    <section className="row-history" aria-label={t('history.title')} data-testid="row-history">
      {title}
      {row.nature === 'quantitative' ? (
        <>
          <ChartCanvas
            config={config}
            label={label}
            className="history-chart"
            testId="history-chart"
          />
          <table className="history-table" data-testid="history-table">
            <caption className="visually-hidden">{t('history.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.year')}</th>
                <th scope="col">{t('history.value')}</th>
                <th scope="col">{t('history.target1y')}</th>
                <th scope="col">{t('history.target3y')}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((point) => (
                <tr key={point.cycleId} data-year={point.year}>
                  <th scope="row">{point.year}</th>
                  <td data-cell="value">
                    {point.value === null
                      ? '—'
                      : formatFrenchNumber(point.value, point.unit || unit)}
                  </td>
                  <td>{point.target1y || '—'}</td>
                  <td>{point.target3y || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <ol className="history-baselines">
          {points.map((point) => (
            <li key={point.cycleId}>
              <strong>{point.year}</strong>
              <p>{point.baseline.trim() || t('history.none')}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
