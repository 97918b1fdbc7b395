import { describe, expect, it } from 'vitest';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { mandateWarnings, rolloverPreview } from './year-after-year.ts';

describe('referent mandates', () => {
  const referent = (theme: number, name: string, to: string) => ({
    theme,
    userId: '',
    name,
    from: '2024-01-01',
    to,
  });

  it('warns three months ahead and for ended mandates, never for open ones', () => {
    const warnings = mandateWarnings(
      [
        referent(1, 'Zoé', '2027-05-28'), // exactly three months after 28/02/2027
        referent(2, 'Léa N’Diaye', '2027-05-29'), // one day beyond
        referent(3, 'Marc', '2027-01-15'), // ended
        referent(4, 'Ouverte', ''),
        referent(5, 'Aujourd’hui', '2027-02-28'),
      ],
      '2027-02-28',
    );
    expect(warnings).toEqual([
      { theme: 3, name: 'Marc', to: '2027-01-15', ended: true },
      { theme: 5, name: 'Aujourd’hui', to: '2027-02-28', ended: false },
      { theme: 1, name: 'Zoé', to: '2027-05-28', ended: false },
    ]);
    // Month ends clamp: three months after 30/11 is 28/02 (not 02/03).
    expect(mandateWarnings([referent(1, 'A', '2027-03-01')], '2026-11-30')).toEqual([]);
    expect(mandateWarnings([referent(1, 'A', '2027-02-28')], '2026-11-30')).toHaveLength(1);
  });
});

describe('rollover preview', () => {
  it('counts what next year will hold, from the rollover itself', () => {
    const model = {
      schemaVersion: 4,
      ...cycleFromTemplate({ organisationName: 'Asso', year: 2026 }),
    };
    model.rows[0]!.baselineValue = 38.5;
    model.rows[1]!.target1y = '45 %';
    model.rows[2]!.target3yYear = 2028;
    model.themes[6]!.retained = false;
    model.themes[6]!.notRetainedReason = 'Pas cette année';
    const preview = rolloverPreview(model, 2027);
    const filled = (text: string) => text.trim() !== '';
    expect(preview.rows).toBe(model.rows.length);
    expect(preview.rowsWithMeasure).toBe(
      model.rows.filter((row) => filled(row.baseline) || row.baselineValue !== null).length,
    );
    expect(preview.rowsToReview).toBe(model.rows.filter((row) => filled(row.target1y)).length);
    const targets = model.rows.filter((row) => filled(row.target3y));
    expect(preview.target3yByYear).toEqual(
      [
        { year: 2028, rows: targets.filter((row) => row.target3yYear === 2028).length },
        { year: 2029, rows: targets.filter((row) => row.target3yYear === undefined).length },
      ].filter((entry) => entry.rows > 0),
    );
    expect(preview.themes[6]).toMatchObject({ retained: false, reason: 'Pas cette année' });
  });
});
