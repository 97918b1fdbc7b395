import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ACTION_STATUSES, type Action, type CycleModel } from '../schema/cycle.types.ts';
import { readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromPrevious, cycleFromTemplate } from '../template/create-cycle.ts';
import { dashboardFigures } from './dashboard-figures.ts';
import { readOneYearReviews, oneYearReviewComment, setOneYearReview } from './one-year-review.ts';

/** Small deterministic generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = '2027-03-15';

/** A 2027 cycle with randomly filled rows, retained themes and actions, through a real doc. */
function seededCycle(seed: number): CycleModel {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const base = cycleFromTemplate({ organisationName: 'Coopérative l’Été', year: 2027 });
  base.themes = base.themes.map((theme) => ({
    ...theme,
    retained: rand() < 0.7,
    notRetainedReason: 'Pas cette année',
  }));
  base.rows = base.rows.map((row) => ({
    ...row,
    nature: rand() < 0.5 ? 'quantitative' : 'qualitative',
    baseline: pick(['', '', '  ', 'Mesuré : 38,5 % des salarié·es 🙂', 'Ligne 1\nLigne 2']),
    baselineValue: rand() < 0.3 ? Math.round(rand() * 10000) / 100 : null,
    target1y: pick(['', 'Objectif ’27', ' ']),
    target3y: pick(['', 'Atteindre 50 %']),
  }));
  const dates = [null, '2026-12-01', '2027-03-14', '2027-03-15', '2027-06-30'];
  const actions: Action[] = [];
  const count = 5 + Math.floor(rand() * 25);
  for (let index = 0; index < count; index += 1) {
    const links = rand() < 0.15 ? [] : [pick(base.rows).id];
    if (rand() < 0.2) links.push('ligne-disparue');
    if (rand() < 0.2) links.reverse();
    const status = pick(ACTION_STATUSES);
    actions.push({
      id: `action-${index}`,
      order: `a${String(index).padStart(3, '0')}`,
      title: `Action ${index}`,
      description: '',
      owner: '',
      ownerId: null,
      budget: rand() < 0.7 ? Math.round(rand() * 500000) / 100 : null,
      budgetSpent: rand() < 0.5 ? Math.round(rand() * 300000) / 100 : null,
      startDate: null,
      dueDate: pick(dates),
      quarter: null,
      status,
      abandonReason: status === 'abandoned' ? 'Plus utile' : '',
      rowIds: links,
      linkLabels: {},
      notes: '',
      deletedAt: rand() < 0.1 ? 1_700_000_000_000 : null,
    });
  }
  base.actions = actions;
  const doc = new Y.Doc();
  writeCycle(doc, base);
  return readCycle(doc);
}

/** The same figures counted the slow, obvious way: one pass per theme over everything. */
function bruteForce(model: CycleModel) {
  const themeOfRow = (rowId: string) => {
    const row = model.rows.find((r) => r.id === rowId);
    const domain = row && model.domains.find((d) => d.id === row.domainId);
    return domain ? model.themes.find((t) => t.id === domain.themeId) : undefined;
  };
  const themeOfAction = (action: Action) =>
    action.rowIds.map(themeOfRow).find((theme) => theme !== undefined)?.id ?? '';
  const cents = (values: (number | null)[]) =>
    values.reduce<number>((sum, value) => sum + Math.round((value ?? 0) * 100), 0) / 100;
  const count = (themeId: string | null) => {
    const rows = model.rows.filter((row) => themeId === null || themeOfRow(row.id)?.id === themeId);
    const actions = model.actions.filter(
      (a) => a.deletedAt === null && (themeId === null || themeOfAction(a) === themeId),
    );
    return {
      rows: rows.length,
      withBaseline: rows.filter((r) => r.baseline.trim().length > 0 || r.baselineValue !== null)
        .length,
      withObjectives: rows.filter((r) => r.target1y.trim() && r.target3y.trim()).length,
      quantitative: rows.filter((r) => r.nature === 'quantitative').length,
      qualitative: rows.filter((r) => r.nature !== 'quantitative').length,
      actions: actions.length,
      actionsDone: actions.filter((a) => a.status === 'done').length,
      actionsLate: actions.filter(
        (a) =>
          (a.status === 'todo' || a.status === 'in-progress') &&
          a.dueDate !== null &&
          a.dueDate < DAY,
      ).length,
      budgetPlanned: cents(actions.map((a) => a.budget)),
      budgetSpent: cents(actions.map((a) => a.budgetSpent)),
    };
  };
  return { count, themeOfAction };
}

describe('dashboard figures', () => {
  for (const seed of [1, 2, 3, 17, 2026, 4242]) {
    it(`equal a brute-force count (seed ${seed})`, () => {
      const model = seededCycle(seed);
      const dashboard = dashboardFigures(model, DAY);
      const brute = bruteForce(model);
      expect(dashboard.year).toBe(2027);
      expect(dashboard.themes.map((t) => t.number)).toEqual(
        [...model.themes.map((t) => t.number)].sort((a, b) => a - b),
      );
      for (const theme of dashboard.themes) {
        const source = model.themes.find((t) => t.id === theme.themeId);
        expect(theme.retained).toBe(source?.retained);
        const { themeId: _id, number: _n, title: _t, retained: _r, ...figures } = theme;
        expect(figures).toEqual(brute.count(theme.themeId));
      }
      const noTheme = model.actions.filter(
        (a) => a.deletedAt === null && brute.themeOfAction(a) === '',
      );
      if (noTheme.length === 0) expect(dashboard.noTheme).toBeNull();
      else expect(dashboard.noTheme?.actions).toBe(noTheme.length);
      expect(dashboard.overall).toEqual(brute.count(null));
      // The seed must exercise what it claims to: late, done, unthemed and binned actions.
      expect(dashboard.overall.rows).toBeGreaterThan(0);
      expect(dashboard.overall.withBaseline).toBeGreaterThan(0);
    });
  }

  it('counts a measured value without text as an état des lieux, blanks as nothing', () => {
    const model = seededCycle(5);
    model.rows = model.rows.map((row, index) => ({
      ...row,
      baseline: index === 0 ? '   ' : '',
      baselineValue: index === 0 ? 38.5 : null,
      target1y: index === 1 ? 'x' : '',
      target3y: index === 1 ? ' ' : '',
    }));
    const { overall } = dashboardFigures(model, DAY);
    expect(overall.withBaseline).toBe(1);
    expect(overall.withObjectives).toBe(0);
  });
});

describe('one-year review in the dashboard', () => {
  it('counts the answers of carried rows with a 1-year objective, the rest as pending', () => {
    const last = cycleFromTemplate({ organisationName: 'Asso', year: 2026 });
    last.rows = last.rows.map((row, index) => ({ ...row, target1y: index < 4 ? '45 %' : '' }));
    const doc = new Y.Doc();
    writeCycle(
      doc,
      cycleFromPrevious({ schemaVersion: 3, ...last }, { organisationName: 'Asso', year: 2027 }),
    );
    const rows = readCycle(doc).rows;
    setOneYearReview(doc, rows[0]!.id, 'yes');
    setOneYearReview(doc, rows[1]!.id, 'partly');
    oneYearReviewComment(doc, rows[1]!.id).insert(0, 'À moitié, faute de budget ’26 🙂');
    setOneYearReview(doc, rows[5]!.id, 'no'); // no objective last year: not counted
    const reviews = readOneYearReviews(doc);
    expect(reviews.get(rows[1]!.id)).toEqual({
      answer: 'partly',
      comment: 'À moitié, faute de budget ’26 🙂',
    });
    const { overall } = dashboardFigures(readCycle(doc), DAY, reviews);
    expect(overall.reviews).toEqual({ yes: 1, partly: 1, no: 0, pending: 2 });
    // readCycle carries the reviews: the figures are the same without passing them.
    expect(dashboardFigures(readCycle(doc), DAY).overall.reviews).toEqual(overall.reviews);
  });
});
