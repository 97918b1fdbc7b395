import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  cycleFromTemplate,
  NO_FILTER,
  readCycle,
  setThemeRetained,
  writeCycle,
} from '@pilotis/shared';
import {
  buildLines,
  cellCount,
  COLUMNS,
  DOMAIN_CELLS,
  DOMAIN_COL,
  THEME_CELLS,
  THEME_COL,
} from './grid-lines.ts';

function model() {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Test', year: 2026 }));
  return { doc, cycle: readCycle(doc) };
}

describe('grid lines', () => {
  it('lists every theme, then its domains, then their rows, with 1.1-style numbers', () => {
    const { cycle } = model();
    const lines = buildLines(cycle, NO_FILTER);
    expect(lines.filter((l) => l.type === 'theme')).toHaveLength(8);
    expect(lines.filter((l) => l.type === 'row')).toHaveLength(cycle.rows.length);
    expect(lines[0]?.type).toBe('theme');
    expect(lines[1]).toMatchObject({ type: 'domain', number: '1.1' });
    const exercise = lines.find((l) => l.type === 'domain' && l.number === '1.3');
    expect(exercise?.type === 'domain' && exercise.domain.title).toBe('Exercice du pouvoir');
  });

  it('keeps only matching rows and their headers when filtering', () => {
    const { cycle } = model();
    const lines = buildLines(cycle, { ...NO_FILTER, text: 'assemblee generale' });
    expect(lines.map((l) => l.type)).toEqual(['theme', 'domain', 'row']);
  });

  it('shows dropped themes only under the "non retenus" filter', () => {
    const { doc } = model();
    const theme = readCycle(doc).themes[4]!;
    setThemeRetained(doc, theme.id, false, 'Pas cette année');
    const dropped = buildLines(readCycle(doc), { ...NO_FILTER, retained: 'dropped' });
    expect(
      dropped.filter((l) => l.type === 'theme').map((l) => l.type === 'theme' && l.theme.number),
    ).toEqual([5]);
  });

  it('gives row lines one keyboard cell per column, the seed’s six first', () => {
    const { cycle } = model();
    const row = buildLines(cycle, NO_FILTER).find((l) => l.type === 'row')!;
    expect(cellCount(row)).toBe(COLUMNS.length);
    expect(COLUMNS.slice(0, 6).map((c) => c.id)).toEqual([
      'theme',
      'domain',
      'label',
      'baseline',
      'target1y',
      'target3y',
    ]);
  });

  it('counts the cells each line declares, in their declared order', () => {
    const { cycle } = model();
    const lines = buildLines(cycle, NO_FILTER);
    const theme = lines.find((l) => l.type === 'theme')!;
    const domain = lines.find((l) => l.type === 'domain')!;
    expect(cellCount(theme)).toBe(THEME_CELLS.length);
    expect(THEME_COL.improvements).toBe(THEME_CELLS.length - 1);
    expect(cellCount(domain)).toBe(DOMAIN_CELLS.length);
    expect(DOMAIN_COL.title).toBe(0);
    // A read-only person has only the title on a domain line.
    expect(cellCount(domain, true)).toBe(1);
  });
});
