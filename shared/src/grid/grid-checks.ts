/**
 * What is left to do before the bureau: the flags and filters of the grid (step 4's balance,
 * missing reasons, missing état des lieux or objectives).
 */
import type { CycleModel, Row, Theme } from '../schema/cycle.types.ts';

export type GridIssue =
  | { type: 'theme-reason-missing'; themeId: string }
  | { type: 'row-reason-missing'; rowId: string }
  | { type: 'unit-missing'; rowId: string };

/** Problems a pilote should fix: a dropped theme or untreated row needs its reason in a few lines. */
export function findIssues(model: CycleModel): GridIssue[] {
  const issues: GridIssue[] = [];
  for (const theme of model.themes) {
    if (!theme.retained && !theme.notRetainedReason.trim()) {
      issues.push({ type: 'theme-reason-missing', themeId: theme.id });
    }
  }
  for (const row of model.rows) {
    if (!row.treated && !row.notTreatedReason.trim())
      issues.push({ type: 'row-reason-missing', rowId: row.id });
    if (row.treated && row.nature === 'quantitative' && !row.unit.trim()) {
      issues.push({ type: 'unit-missing', rowId: row.id });
    }
  }
  return issues;
}

/** Step 4: how many qualitative and quantitative rows a theme has (treated ones only). */
export function themeBalance(
  model: CycleModel,
  themeId: string,
): { qualitative: number; quantitative: number } {
  const domainIds = new Set(model.domains.filter((d) => d.themeId === themeId).map((d) => d.id));
  const rows = model.rows.filter((row) => domainIds.has(row.domainId) && row.treated);
  const quantitative = rows.filter((row) => row.nature === 'quantitative').length;
  return { qualitative: rows.length - quantitative, quantitative };
}

export type MissingFilter = 'any' | 'baseline' | 'objective' | 'none';

export interface GridFilter {
  /** Free text, matched without case or accents against every text of the row. */
  text: string;
  /** Theme ids to show; empty shows all. */
  themeIds: string[];
  retained: 'all' | 'retained' | 'dropped';
  nature: 'all' | Row['nature'];
  /** 'baseline': rows still missing an état des lieux; 'objective': missing N+1 or N+3; 'any': either. */
  missing: MissingFilter | 'all';
}

export const NO_FILTER: GridFilter = {
  text: '',
  themeIds: [],
  retained: 'all',
  nature: 'all',
  missing: 'all',
};

export function isFiltering(filter: GridFilter): boolean {
  return (
    filter.text.trim() !== '' ||
    filter.themeIds.length > 0 ||
    filter.retained !== 'all' ||
    filter.nature !== 'all' ||
    filter.missing !== 'all'
  );
}

/** Lower-case, accents removed: "État" matches "etat". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function missingBaseline(row: Row): boolean {
  return row.treated && !row.baseline.trim() && row.baselineValue === null;
}

function missingObjective(row: Row): boolean {
  return row.treated && (!row.target1y.trim() || !row.target3y.trim());
}

/** Does a row (in its theme) pass the filter? */
export function rowMatches(
  row: Row,
  theme: Theme | undefined,
  domainTitle: string,
  filter: GridFilter,
): boolean {
  if (filter.themeIds.length > 0 && (!theme || !filter.themeIds.includes(theme.id))) return false;
  if (filter.retained === 'retained' && theme && !theme.retained) return false;
  if (filter.retained === 'dropped' && theme?.retained !== false) return false;
  if (filter.nature !== 'all' && row.nature !== filter.nature) return false;
  if (filter.missing === 'baseline' && !missingBaseline(row)) return false;
  if (filter.missing === 'objective' && !missingObjective(row)) return false;
  if (filter.missing === 'any' && !missingBaseline(row) && !missingObjective(row)) return false;
  const needle = foldText(filter.text.trim());
  if (needle) {
    const haystack = foldText(
      [
        row.label,
        row.baseline,
        row.target1y,
        row.target3y,
        row.sources,
        row.notTreatedReason,
        row.unit,
        domainTitle,
      ].join('\n'),
    );
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

/** Counts for the "what is left to do" summary. */
export function completion(model: CycleModel): {
  rows: number;
  missingBaseline: number;
  missingObjective: number;
} {
  const treated = model.rows.filter((row) => row.treated);
  return {
    rows: model.rows.length,
    missingBaseline: treated.filter(missingBaseline).length,
    missingObjective: treated.filter(missingObjective).length,
  };
}
