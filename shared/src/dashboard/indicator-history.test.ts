import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CycleModel } from '../schema/cycle.types.ts';
import { readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromPrevious, cycleFromTemplate } from '../template/create-cycle.ts';
import { indicatorHistory } from './indicator-history.ts';

/** Through a real document, as the server stores and reads it. */
const roundTrip = (model: Omit<CycleModel, 'schemaVersion'>): CycleModel => {
  const doc = new Y.Doc();
  writeCycle(doc, model);
  return readCycle(doc);
};

function measured(model: CycleModel, value: number, target: string): CycleModel {
  const [first, ...rest] = model.rows;
  return {
    ...model,
    rows: [
      { ...first!, nature: 'quantitative', unit: '%', baselineValue: value, target1y: target },
      ...rest,
    ],
  };
}

describe('indicator history', () => {
  it('follows a carried row across three years, from any of them', () => {
    const y2026 = measured(
      roundTrip(cycleFromTemplate({ organisationName: 'Asso d’Été', year: 2026 })),
      38.5,
      '45 %',
    );
    const y2027 = measured(
      roundTrip(cycleFromPrevious(y2026, { organisationName: 'Asso d’Été', year: 2027 })),
      41,
      '50 %',
    );
    const y2028 = measured(
      roundTrip(cycleFromPrevious(y2027, { organisationName: 'Asso d’Été', year: 2028 })),
      52.25,
      '55 %',
    );
    const cycles = [
      { cycleId: 'c2028', model: y2028 },
      { cycleId: 'c2026', model: y2026 },
      { cycleId: 'c2027', model: y2027 },
    ];
    expect(y2027.rows[0]!.previous?.sourceRowId).toBe(y2026.rows[0]!.id);
    const expected = [
      [2026, 38.5, '45 %'],
      [2027, 41, '50 %'],
      [2028, 52.25, '55 %'],
    ];
    for (const [cycleId, model] of [
      ['c2026', y2026],
      ['c2027', y2027],
      ['c2028', y2028],
    ] as const) {
      const history = indicatorHistory(cycles, cycleId, model.rows[0]!.id);
      expect(history.map((p) => [p.year, p.value, p.target1y])).toEqual(expected);
    }
    // Another row has its own history, not the first one's.
    const other = indicatorHistory(cycles, 'c2027', y2027.rows[1]!.id);
    expect(other.map((p) => p.rowId)).toEqual([
      y2026.rows[1]!.id,
      y2027.rows[1]!.id,
      y2028.rows[1]!.id,
    ]);
    expect(indicatorHistory(cycles, 'c2027', 'inconnue')).toEqual([]);
  });

  it('stops at a cycle started from the template', () => {
    const alone = roundTrip(cycleFromTemplate({ organisationName: 'A', year: 2027 }));
    const history = indicatorHistory([{ cycleId: 'x', model: alone }], 'x', alone.rows[0]!.id);
    expect(history).toHaveLength(1);
  });
});
