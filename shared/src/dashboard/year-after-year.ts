/**
 * Year after year (issue 15): what next year's cycle will hold before it is created (the rollover
 * preview the pilote confirms), and the referents whose mandate ends soon (the dashboard warns
 * three months ahead). Pure functions of the plain model.
 */
import type { CycleModel } from '../schema/cycle.types.ts';
import { cycleFromPrevious, targetYear } from '../template/create-cycle.ts';
import type { Referent } from '../setup/cycle-setup.ts';

export interface RolloverPreview {
  fromYear: number;
  year: number;
  themes: { number: number; title: string; retained: boolean; reason: string }[];
  domains: number;
  rows: number;
  /** Rows whose état des lieux or measured value is kept as last year's column. */
  rowsWithMeasure: number;
  /** Rows whose 1-year objective gets the one-year review (« objectif atteint ? »). */
  rowsToReview: number;
  /** 3-year objectives carried, by the calendar year they aim at. */
  target3yByYear: { year: number; rows: number }[];
  sections: number;
  stakeholders: number;
  /** Open actions (à lancer, en cours) carried; done or abandoned ones stay in last year's cycle. */
  actionsCarried: number;
  actionsLeft: number;
}

/** What `cycleFromPrevious(previous, {year})` would hold, counted from the very same function. */
export function rolloverPreview(previous: CycleModel, year: number): RolloverPreview {
  const next = cycleFromPrevious(previous, {
    organisationName: previous.meta.organisationName,
    year,
  });
  const filled = (text: string) => text.trim() !== '';
  const targets = new Map<number, number>();
  for (const row of next.rows) {
    if (!filled(row.target3y)) continue;
    const aim = targetYear(row, year);
    targets.set(aim, (targets.get(aim) ?? 0) + 1);
  }
  const liveActions = previous.actions.filter((action) => action.deletedAt === null);
  return {
    fromYear: previous.meta.year,
    year,
    themes: next.themes.map((theme) => ({
      number: theme.number,
      title: theme.title,
      retained: theme.retained,
      reason: theme.notRetainedReason,
    })),
    domains: next.domains.length,
    rows: next.rows.length,
    rowsWithMeasure: next.rows.filter(
      (row) =>
        row.previous && (filled(row.previous.baseline) || row.previous.baselineValue !== null),
    ).length,
    rowsToReview: next.rows.filter((row) => row.previous && filled(row.previous.target1y)).length,
    target3yByYear: [...targets]
      .sort(([a], [b]) => a - b)
      .map(([aim, rows]) => ({ year: aim, rows })),
    sections: next.sections.length,
    stakeholders: next.stakeholders.length,
    actionsCarried: next.actions.length,
    actionsLeft: liveActions.length - next.actions.length,
  };
}

export interface MandateWarning {
  theme: number;
  name: string;
  /** ISO day the mandate ends. */
  to: string;
  /** Already ended on `day`. */
  ended: boolean;
}

function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(d, last));
  return date.toISOString().slice(0, 10);
}

/**
 * Referents whose mandate ends within `months` (3) of `day` (YYYY-MM-DD), or has ended: the
 * dashboard says so, so the group names the next referent in time. Open mandates never warn.
 */
export function mandateWarnings(
  referents: readonly Referent[],
  day: string,
  months = 3,
): MandateWarning[] {
  const limit = addMonths(day, months);
  return referents
    .filter((referent) => /^\d{4}-\d{2}-\d{2}$/.test(referent.to) && referent.to <= limit)
    .map((referent) => ({
      theme: referent.theme,
      name: referent.name,
      to: referent.to,
      ended: referent.to < day,
    }))
    .sort((a, b) => a.to.localeCompare(b.to) || a.theme - b.theme);
}
