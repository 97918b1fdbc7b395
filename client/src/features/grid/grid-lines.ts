/**
 * The grid as a flat list of lines for the virtualised view: a header line per theme and per
 * domain, then one line per row, filtered. Pure: recomputed from the plain model.
 */
import {
  domainNumbers,
  isFiltering,
  rowMatches,
  themeBalance,
  type CycleModel,
  type Domain,
  type GridFilter,
  type Row,
  type Theme,
} from '@pilotis/shared';
import type { MessageKey } from '../../i18n/fr.ts';

export type GridLine =
  | {
      type: 'theme';
      key: string;
      theme: Theme;
      balance: { qualitative: number; quantitative: number };
      rowCount: number;
    }
  | { type: 'domain'; key: string; domain: Domain; number: string; theme: Theme; rowCount: number }
  | {
      type: 'row';
      key: string;
      row: Row;
      domain: Domain;
      theme: Theme;
      number: string;
      index: number;
    };

export function buildLines(model: CycleModel, filter: GridFilter): GridLine[] {
  const numbers = domainNumbers(model.themes, model.domains);
  const filtering = isFiltering(filter);
  const lines: GridLine[] = [];
  for (const theme of model.themes) {
    const domains = model.domains.filter((domain) => domain.themeId === theme.id);
    const themeLines: GridLine[] = [];
    let themeRows = 0;
    for (const domain of domains) {
      const number = numbers.get(domain.id) ?? '';
      const rows = model.rows.filter((row) => row.domainId === domain.id);
      const visible = rows.filter((row) => rowMatches(row, theme, domain.title, filter));
      if (filtering && visible.length === 0) continue;
      themeRows += visible.length;
      themeLines.push({
        type: 'domain',
        key: `d:${domain.id}`,
        domain,
        number,
        theme,
        rowCount: rows.length,
      });
      visible.forEach((row) => {
        themeLines.push({
          type: 'row',
          key: `r:${row.id}`,
          row,
          domain,
          theme,
          number,
          index: rows.indexOf(row) + 1,
        });
      });
    }
    if (filtering && themeRows === 0) continue;
    lines.push({
      type: 'theme',
      key: `t:${theme.id}`,
      theme,
      balance: themeBalance(model, theme.id),
      rowCount: model.rows.filter((row) => domains.some((d) => d.id === row.domainId)).length,
    });
    lines.push(...themeLines);
  }
  return lines;
}

export type ColumnId =
  | 'theme'
  | 'domain'
  | 'label'
  | 'baseline'
  | 'target1y'
  | 'target3y'
  | 'nature'
  | 'treated'
  | 'sources'
  | 'actions';

export interface Column {
  id: ColumnId;
  label: MessageKey;
  /** Default width in CSS pixels; users can resize. */
  width: number;
  minWidth: number;
}

/** The seed's six columns first, in order, then what Pilotis adds. */
export const COLUMNS: Column[] = [
  { id: 'theme', label: 'grid.theme', width: 104, minWidth: 80 },
  { id: 'domain', label: 'grid.domain', width: 136, minWidth: 124 },
  { id: 'label', label: 'grid.label', width: 260, minWidth: 140 },
  { id: 'baseline', label: 'grid.baseline', width: 220, minWidth: 120 },
  { id: 'target1y', label: 'grid.target1y', width: 190, minWidth: 120 },
  { id: 'target3y', label: 'grid.target3y', width: 190, minWidth: 120 },
  { id: 'nature', label: 'grid.nature', width: 160, minWidth: 150 },
  { id: 'treated', label: 'grid.treated', width: 150, minWidth: 140 },
  { id: 'sources', label: 'grid.sources', width: 150, minWidth: 100 },
  { id: 'actions', label: 'grid.actions', width: 56, minWidth: 56 },
];

/**
 * The keyboard-reachable cells of each kind of line, in keyboard order, declared once: a line
 * renders each cell at `col={…_COL.<field>}` and `cellCount` is the length of the same list, so
 * the two cannot disagree.
 */
export const THEME_CELLS = [
  'retained',
  'priority',
  'reason',
  'addDomain',
  'goodPractices',
  'improvements',
] as const;
export const DOMAIN_CELLS = ['title', 'addRow', 'up', 'down', 'delete'] as const;
export const ROW_CELLS = COLUMNS.map((column) => column.id);

function indexOf<T extends string>(cells: readonly T[]): Record<T, number> {
  return Object.fromEntries(cells.map((cell, index) => [cell, index])) as Record<T, number>;
}

/** Column index of each theme-line cell. */
export const THEME_COL = indexOf(THEME_CELLS);
/** Column index of each domain-line cell. */
export const DOMAIN_COL = indexOf(DOMAIN_CELLS);
/** Column index of each row-line cell (the grid's columns). */
export const ROW_COL = indexOf<ColumnId>(ROW_CELLS);

/**
 * How many keyboard-reachable cells a line has. A read-only person sees only a domain's title:
 * the structure buttons are not rendered, so they are not counted either.
 */
export function cellCount(line: GridLine, readOnly = false): number {
  if (line.type === 'row') return ROW_CELLS.length;
  if (line.type === 'theme') return THEME_CELLS.length;
  return readOnly ? 1 : DOMAIN_CELLS.length;
}

/**
 * `next` with each line equal to the previous line of the same key replaced by it (entities are
 * compared by identity, shared across snapshots by collab/share-model.ts): the memoised line
 * components then render only the lines that changed.
 */
export function shareLines(previous: GridLine[], next: GridLine[]): GridLine[] {
  const byKey = new Map(previous.map((line) => [line.key, line]));
  return next.map((line) => {
    const before = byKey.get(line.key);
    return before && sameLine(before, line) ? before : line;
  });
}

function sameLine(a: GridLine, b: GridLine): boolean {
  const left = a as unknown as Record<string, unknown>;
  const right = b as unknown as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => {
    if (key !== 'balance') return Object.is(left[key], right[key]);
    const [x, y] = [left[key], right[key]] as { qualitative: number; quantitative: number }[];
    return x!.qualitative === y!.qualitative && x!.quantitative === y!.quantitative;
  });
}
