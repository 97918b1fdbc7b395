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
  { id: 'domain', label: 'grid.domain', width: 130, minWidth: 100 },
  { id: 'label', label: 'grid.label', width: 260, minWidth: 140 },
  { id: 'baseline', label: 'grid.baseline', width: 220, minWidth: 120 },
  { id: 'target1y', label: 'grid.target1y', width: 190, minWidth: 120 },
  { id: 'target3y', label: 'grid.target3y', width: 190, minWidth: 120 },
  { id: 'nature', label: 'grid.nature', width: 160, minWidth: 150 },
  { id: 'treated', label: 'grid.treated', width: 150, minWidth: 140 },
  { id: 'sources', label: 'grid.sources', width: 150, minWidth: 100 },
  { id: 'actions', label: 'grid.actions', width: 56, minWidth: 56 },
];

/** How many keyboard-reachable cells each kind of line has (columns for rows, controls otherwise). */
export const THEME_LINE_CELLS = 6; // retained switch, priority, reason, add domain, good practices, improvements
export const DOMAIN_LINE_CELLS = 5; // title, add row, up, down, delete

export function cellCount(line: GridLine): number {
  return line.type === 'row'
    ? COLUMNS.length
    : line.type === 'theme'
      ? THEME_LINE_CELLS
      : DOMAIN_LINE_CELLS;
}
