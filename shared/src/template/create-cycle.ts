/**
 * Build the plain model of a new cycle: from the guide template, or from last year's cycle
 * (§2.6 "conserver les mêmes outils d'une année sur l'autre").
 */
import type { CycleModel, Domain, Row, Theme } from '../schema/cycle.types.ts';
import { newId } from '../schema/ids.ts';
import { keysAfter } from '../schema/order.ts';
import { frenchTypography } from '../text/typography.ts';
import { GUIDE_TEMPLATE, type TemplateTheme } from './guide-template.ts';

export interface NewCycleInput {
  organisationName: string;
  year: number;
}

/** A new cycle from the guide template: every theme retained, every row to be filled in. */
export function cycleFromTemplate(
  input: NewCycleInput,
  template: TemplateTheme[] = GUIDE_TEMPLATE,
): Omit<CycleModel, 'schemaVersion'> {
  const themes: Theme[] = [];
  const domains: Domain[] = [];
  const rows: Row[] = [];
  for (const templateTheme of template) {
    const theme: Theme = {
      id: newId(),
      number: templateTheme.number,
      title: templateTheme.title,
      retained: true,
      priority: null,
      notRetainedReason: '',
      goodPractices: '',
      improvements: '',
    };
    themes.push(theme);
    const domainOrders = keysAfter(null, templateTheme.domains.length);
    templateTheme.domains.forEach((templateDomain, domainIndex) => {
      const domain: Domain = {
        id: newId(),
        themeId: theme.id,
        order: domainOrders[domainIndex] ?? '',
        title: templateDomain.title,
      };
      domains.push(domain);
      const rowOrders = keysAfter(null, templateDomain.rows.length);
      templateDomain.rows.forEach((templateRow, rowIndex) => {
        rows.push({
          id: newId(),
          domainId: domain.id,
          order: rowOrders[rowIndex] ?? '',
          kind: templateRow.kind,
          nature: templateRow.nature,
          unit: templateRow.unit ?? '',
          label: frenchTypography(templateRow.label),
          baseline: frenchTypography(templateRow.baseline ?? ''),
          baselineValue: null,
          target1y: frenchTypography(templateRow.target1y ?? ''),
          target3y: frenchTypography(templateRow.target3y ?? ''),
          treated: templateRow.notTreatedReason === undefined,
          notTreatedReason: frenchTypography(templateRow.notTreatedReason ?? ''),
          sources: '',
        });
      });
    });
  }
  return {
    meta: {
      organisationName: input.organisationName,
      year: input.year,
      stage: 'working-group',
      pilots: [],
    },
    themes,
    domains,
    rows,
    actions: [],
    sections: [],
    stakeholders: [],
  };
}

/** The calendar year a row's 3-year objective aims at, in a cycle of `year`. */
export function targetYear(row: Pick<Row, 'target3yYear'>, year: number): number {
  return row.target3yYear ?? year + 3;
}

/**
 * Next year's cycle from this one: same themes, domains, rows, stakeholders and sections (new
 * ids), back to the working-group stage. Each row keeps last year's état des lieux, value, unit
 * and objectives in `previous` (nothing measured is thrown away); this year's état des lieux,
 * value and 1-year objective start empty; the 3-year objective carries over unchanged; finished
 * or abandoned actions are dropped.
 */
export function cycleFromPrevious(
  previous: CycleModel,
  input: NewCycleInput,
): Omit<CycleModel, 'schemaVersion'> {
  const ids = new Map<string, string>();
  const remap = (id: string) => {
    let next = ids.get(id);
    if (!next) {
      next = newId();
      ids.set(id, next);
    }
    return next;
  };
  return {
    meta: { ...previous.meta, ...input, stage: 'working-group' },
    // Last year's decision (retained or not, and why) is proposed, not copied as decided.
    themes: previous.themes.map((theme) => ({
      ...theme,
      id: remap(theme.id),
      retentionProposedFrom: previous.meta.year,
    })),
    domains: previous.domains.map((domain) => ({
      ...domain,
      id: remap(domain.id),
      themeId: remap(domain.themeId),
    })),
    rows: previous.rows.map((row) => ({
      ...row,
      id: remap(row.id),
      domainId: remap(row.domainId),
      // This year's état des lieux and value are to be measured; last year's, and last year's
      // objectives, are kept as they were, in `previous` (never rewritten into a target).
      baseline: '',
      baselineValue: null,
      target1y: '',
      // The 3-year objective keeps the calendar year it aims at (2026's aims at 2029, also in 2027).
      target3yYear: targetYear(row, previous.meta.year),
      previous: {
        year: previous.meta.year,
        baseline: row.baseline,
        baselineValue: row.baselineValue,
        unit: row.unit,
        target1y: row.target1y,
        target3y: row.target3y,
        target3yYear: targetYear(row, previous.meta.year),
        sourceRowId: row.id,
      },
    })),
    actions: previous.actions
      .filter(
        (action) =>
          action.deletedAt === null &&
          (action.status === 'todo' || action.status === 'in-progress'),
      )
      .map((action) => ({ ...action, id: remap(action.id), rowIds: action.rowIds.map(remap) })),
    sections: previous.sections.map((section) => ({
      ...section,
      id: remap(section.id),
      themeId: section.themeId ? remap(section.themeId) : null,
      editedBy: '',
      editedAt: null,
    })),
    stakeholders: previous.stakeholders.map((s) => ({ ...s, id: remap(s.id) })),
  };
}
