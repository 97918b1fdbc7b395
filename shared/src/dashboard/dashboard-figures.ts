/**
 * The figures of a cycle's dashboard (issue 15): per theme and overall, how far the grid is
 * filled in and how the action plan is going. A pure function of the plain model, so the view,
 * the exports and the tests all count the same way. Action totals come from the action plan's
 * own calculations (actions/action-calc.ts), never recounted here.
 */
import type { CycleModel, Theme } from '../schema/cycle.types.ts';
import { actionTheme, isLate, liveActions, planTotals } from '../actions/action-calc.ts';
import type { RowReview } from './one-year-review.ts';

/** The figures of one theme, or of the whole cycle. */
export interface DashboardFigures {
  /** Rows (questions and indicators) of the theme still in the grid. */
  rows: number;
  /** Rows whose état des lieux is written (text or measured value). */
  withBaseline: number;
  /** Rows with both the 1-year and the 3-year objective written. */
  withObjectives: number;
  quantitative: number;
  qualitative: number;
  /** Live actions (not in the bin) grouped under the theme. */
  actions: number;
  actionsDone: number;
  /** Actions late on the dashboard's day (see `isLate`). */
  actionsLate: number;
  /** Budget prévu and engagé, in euros (cent-exact sums). */
  budgetPlanned: number;
  budgetSpent: number;
  /**
   * The one-year review of rows carried with a 1-year objective; present only when the reviews
   * were given to `dashboardFigures`. `pending`: not answered yet.
   */
  reviews?: { yes: number; partly: number; no: number; pending: number };
}

export interface ThemeDashboard extends DashboardFigures {
  themeId: string;
  number: number;
  title: string;
  retained: boolean;
}

export interface CycleDashboard {
  year: number;
  /** The day actions are judged late against (YYYY-MM-DD). */
  day: string;
  /** In theme number order. */
  themes: ThemeDashboard[];
  /** Actions not linked to any existing row ("Sans thème"); null when there are none. */
  noTheme: DashboardFigures | null;
  overall: DashboardFigures;
}

const empty = (): DashboardFigures => ({
  rows: 0,
  withBaseline: 0,
  withObjectives: 0,
  quantitative: 0,
  qualitative: 0,
  actions: 0,
  actionsDone: 0,
  actionsLate: 0,
  budgetPlanned: 0,
  budgetSpent: 0,
});

const filled = (text: string) => text.trim() !== '';

/**
 * The dashboard of `model` on `day` (YYYY-MM-DD, e.g. `todayIso()`): one entry per theme in
 * number order, a "Sans thème" entry for actions without a theme, and the overall totals (which
 * equal the sum of the entries). With `reviews` (see `readOneYearReviews`), each entry also counts the
 * one-year review of its carried rows.
 */
export function dashboardFigures(
  model: CycleModel,
  day: string,
  given?: Map<string, RowReview>,
): CycleDashboard {
  // The model carries its reviews (readCycle); a cycle with carried rows always counts them.
  const reviews =
    given ??
    (model.rows.some((row) => row.previous)
      ? new Map(Object.entries(model.oneYearReviews ?? {}))
      : undefined);
  const withReviews = (): DashboardFigures =>
    reviews ? { ...empty(), reviews: { yes: 0, partly: 0, no: 0, pending: 0 } } : empty();
  const byTheme = new Map<string, DashboardFigures>();
  for (const theme of model.themes) byTheme.set(theme.id, withReviews());
  const overall = withReviews();
  const domainTheme = new Map(model.domains.map((domain) => [domain.id, domain.themeId]));

  for (const row of model.rows) {
    const figures = byTheme.get(domainTheme.get(row.domainId) ?? '');
    if (!figures) continue;
    for (const target of [figures, overall]) {
      target.rows += 1;
      if (filled(row.baseline) || row.baselineValue !== null) target.withBaseline += 1;
      if (filled(row.target1y) && filled(row.target3y)) target.withObjectives += 1;
      if (row.nature === 'quantitative') target.quantitative += 1;
      else target.qualitative += 1;
      if (target.reviews && row.previous && filled(row.previous.target1y)) {
        target.reviews[reviews?.get(row.id)?.answer ?? 'pending'] += 1;
      }
    }
  }

  const actions = liveActions(model);
  const totals = planTotals(model, actions);
  let noTheme: DashboardFigures | null = null;
  const figuresOf = (key: string): DashboardFigures => {
    if (key) return byTheme.get(key) ?? empty();
    noTheme ??= empty();
    return noTheme;
  };
  for (const [key, plan] of totals.byTheme) {
    const figures = figuresOf(key);
    figures.actions = plan.count;
    figures.actionsDone = plan.byStatus.done;
    figures.budgetPlanned = plan.planned;
    figures.budgetSpent = plan.spent;
  }
  for (const action of actions) {
    if (!isLate(action, day)) continue;
    figuresOf(actionTheme(model, action)?.id ?? '').actionsLate += 1;
    overall.actionsLate += 1;
  }
  overall.actions = totals.overall.count;
  overall.actionsDone = totals.overall.byStatus.done;
  overall.budgetPlanned = totals.overall.planned;
  overall.budgetSpent = totals.overall.spent;

  const themes = [...model.themes]
    .sort((a: Theme, b: Theme) => a.number - b.number)
    .map((theme) => ({
      themeId: theme.id,
      number: theme.number,
      title: theme.title,
      retained: theme.retained,
      ...(byTheme.get(theme.id) ?? empty()),
    }));
  return { year: model.meta.year, day, themes, noTheme, overall };
}
