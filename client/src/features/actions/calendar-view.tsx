/**
 * The action plan as a calendar (seed §2.6: "le plan d'action peut prendre la forme d'un
 * calendrier"): a timeline by month under its quarters — who does what when — and a view by
 * quarter. Late actions stand out (red, "En retard"); sized for a 1280×720 projector.
 */
import { useState } from 'react';
import {
  actionQuarter,
  formatIsoDateFr,
  isLate,
  quarterLabel,
  todayIso,
  type Action,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../app/router.tsx';
import type { CycleViewContext } from '../cycle/cycle-views.tsx';
import { StatusBadge } from './actions-view.tsx';
import './actions.css';

const DAY = 86_400_000;
const MONTHS_FR = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];

const utc = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));

interface Month {
  year: number;
  /** 0–11. */
  month: number;
  start: number;
}

/**
 * The months shown: from the first dated month to the last, at least twelve (a one-year plan)
 * and at most twenty-four; the year after the cycle's when nothing is dated.
 */
function monthsOf(actions: Action[], fallbackYear: number): Month[] {
  const dates = actions
    .flatMap((a) => [a.startDate, a.dueDate])
    .filter((d): d is string => !!d)
    .sort();
  let year = fallbackYear;
  let month = 0;
  let count = 12;
  if (dates.length > 0) {
    const first = dates[0]!;
    const last = dates.at(-1)!;
    year = Number(first.slice(0, 4));
    month = Number(first.slice(5, 7)) - 1;
    const span = (Number(last.slice(0, 4)) - year) * 12 + Number(last.slice(5, 7)) - 1 - month + 1;
    count = Math.min(24, Math.max(12, span));
  }
  return Array.from({ length: count }, (_, index) => {
    const m = (month + index) % 12;
    const y = year + Math.floor((month + index) / 12);
    return { year: y, month: m, start: Date.UTC(y, m, 1) };
  });
}

export function CalendarView({ context }: { context: CycleViewContext }) {
  const { t } = useI18n();
  const { model, cycle } = context;
  const [mode, setMode] = useState<'months' | 'quarters'>('months');
  const today = todayIso();
  const live = model.actions.filter((action) => action.deletedAt === null);
  const dated = live
    .filter((action) => action.startDate || action.dueDate)
    .sort(
      (a, b) =>
        (a.startDate ?? a.dueDate ?? '').localeCompare(b.startDate ?? b.dueDate ?? '') ||
        a.order.localeCompare(b.order),
    );
  const undated = live.filter((action) => !action.startDate && !action.dueDate);
  const months = monthsOf(dated, model.meta.year + 1);
  const rangeStart = months[0]!.start;
  const last = months.at(-1)!;
  const rangeEnd = Date.UTC(last.year, last.month + 1, 1);
  const percent = (time: number) =>
    Math.min(100, Math.max(0, ((time - rangeStart) / (rangeEnd - rangeStart)) * 100));
  const quarters: { label: string; span: number }[] = [];
  for (const month of months) {
    const label = quarterLabel(`${month.year}-T${Math.floor(month.month / 3) + 1}`);
    const previous = quarters.at(-1);
    if (previous?.label === label) previous.span++;
    else quarters.push({ label, span: 1 });
  }
  const todayTime = utc(today);
  const href = (action: Action) =>
    `/cycles/${cycle.id}/actions?action=${encodeURIComponent(action.id)}`;

  const lateCount = live.filter((action) => isLate(action, today)).length;

  return (
    <div className="calendar-view">
      <div className="actions-toolbar" role="toolbar" aria-label={t('calendar.toolbar')}>
        <div role="radiogroup" aria-label={t('calendar.mode')} className="segmented">
          {(['months', 'quarters'] as const).map((item) => (
            <button
              key={item}
              type="button"
              role="radio"
              aria-checked={mode === item}
              onClick={() => setMode(item)}
            >
              {t(`calendar.mode.${item}`)}
            </button>
          ))}
        </div>
        <p className="calendar-summary" role="status">
          {t('calendar.summary', { count: live.length })}
          {lateCount > 0 && (
            <span className="late-badge">{t('calendar.lateCount', { count: lateCount })}</span>
          )}
        </p>
      </div>
      {live.length === 0 ? (
        <p className="empty">{t('actions.empty')}</p>
      ) : mode === 'months' ? (
        <div className="timeline" role="table" aria-label={t('calendar.caption')}>
          <div className="timeline-head" role="rowgroup">
            <div className="timeline-row quarters" role="row">
              <span className="timeline-label" role="columnheader">
                {t('calendar.quarter')}
              </span>
              <div
                className="timeline-cells"
                style={{ gridTemplateColumns: `repeat(${months.length}, 1fr)` }}
              >
                {quarters.map((quarter, index) => (
                  <span
                    key={`${quarter.label}-${index}`}
                    role="columnheader"
                    style={{ gridColumn: `span ${quarter.span}` }}
                  >
                    {quarter.label}
                  </span>
                ))}
              </div>
            </div>
            <div className="timeline-row months" role="row">
              <span className="timeline-label" role="columnheader">
                {t('calendar.action')}
              </span>
              <div
                className="timeline-cells"
                style={{ gridTemplateColumns: `repeat(${months.length}, 1fr)` }}
              >
                {months.map((month) => (
                  <span
                    key={`${month.year}-${month.month}`}
                    role="columnheader"
                    className={month.month % 3 === 0 ? 'q-start' : undefined}
                  >
                    {MONTHS_FR[month.month]}
                    {month.month === 0 || months.length <= 12
                      ? ` ${String(month.year).slice(2)}`
                      : ''}
                  </span>
                ))}
              </div>
            </div>
          </div>
          <div role="rowgroup" className="timeline-body">
            {dated.map((action) => {
              const late = isLate(action, today);
              const start = utc(action.startDate ?? action.dueDate!);
              const end = utc(action.dueDate ?? action.startDate!) + DAY;
              const left = percent(start);
              const width = Math.max(1.2, percent(end) - left);
              const milestone = !action.startDate || !action.dueDate;
              return (
                <div
                  key={action.id}
                  role="row"
                  className={`timeline-row${late ? ' late' : ''}`}
                  data-action-id={action.id}
                  data-action-status={action.status}
                >
                  <span className="timeline-label" role="rowheader">
                    <Link href={href(action)} title={action.title}>
                      {action.title.trim() || t('actions.untitled')}
                    </Link>
                  </span>
                  <div className="timeline-track" role="cell">
                    {months.map((month) => (
                      <span
                        key={month.start}
                        className={`month-line${month.month % 3 === 0 ? ' q-start' : ''}`}
                        style={{ left: `${percent(month.start)}%` }}
                        aria-hidden="true"
                      />
                    ))}
                    {todayTime >= rangeStart && todayTime < rangeEnd && (
                      <span
                        className="today-line"
                        style={{ left: `${percent(todayTime)}%` }}
                        aria-hidden="true"
                      />
                    )}
                    <span
                      className={`timeline-bar status-${action.status}${late ? ' bar-late' : ''}${milestone ? ' milestone' : ''}`}
                      style={{ left: `${left}%`, width: `${width}%` }}
                      title={`${formatIsoDateFr(action.startDate)} → ${formatIsoDateFr(action.dueDate)}`}
                    >
                      <span className="bar-text">
                        {late ? `⚠ ${t('actions.late')} · ` : ''}
                        <span className="bar-status" data-action-status={action.status}>
                          {t(`actions.status.${action.status}`)}
                        </span>
                      </span>
                    </span>
                    <span
                      className="bar-owner"
                      style={
                        left + width > 72
                          ? { right: `${100 - left + 0.5}%`, textAlign: 'right' }
                          : { left: `${left + width + 0.5}%` }
                      }
                    >
                      {action.owner || t('actions.owner.missing')}
                    </span>
                    <span className="visually-hidden">
                      {t('calendar.dates', {
                        start: formatIsoDateFr(action.startDate) || '—',
                        due: formatIsoDateFr(action.dueDate) || '—',
                      })}
                    </span>
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      ) : (
        <div className="quarter-board">
          {[...new Set(dated.map((action) => actionQuarter(action)!))].sort().map((quarter) => (
            <section key={quarter} className="quarter-column" aria-label={quarterLabel(quarter)}>
              <h2>{quarterLabel(quarter)}</h2>
              <ul>
                {dated
                  .filter((action) => actionQuarter(action) === quarter)
                  .map((action) => {
                    const late = isLate(action, today);
                    return (
                      <li
                        key={action.id}
                        className={late ? 'late' : undefined}
                        data-action-id={action.id}
                      >
                        <Link href={href(action)}>
                          {action.title.trim() || t('actions.untitled')}
                        </Link>
                        <span className="timeline-owner">
                          {action.owner || t('actions.owner.missing')}
                        </span>
                        <span>
                          <StatusBadge status={action.status} />
                          {late && <span className="late-badge">{t('actions.late')}</span>}
                        </span>
                        <span className="action-hint">{formatIsoDateFr(action.dueDate)}</span>
                      </li>
                    );
                  })}
              </ul>
            </section>
          ))}
        </div>
      )}
      {undated.length > 0 && (
        <section className="undated">
          <h2>{t('calendar.undated', { count: undated.length })}</h2>
          <ul>
            {undated.map((action) => (
              <li key={action.id}>
                <Link href={href(action)}>{action.title.trim() || t('actions.untitled')}</Link> —{' '}
                {action.owner || t('actions.owner.missing')}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
