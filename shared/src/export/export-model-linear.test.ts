/**
 * Issue 18 #7: building the export model is linear in the size of the cycle. 8,000 themes, domains
 * and rows made each export block the server ~8 s (themes × rows, themes × domains). Counted in
 * element reads of the cycle's lists, not in time: a quadratic build reads them n² times.
 */
import { describe, expect, it } from 'vitest';
import type { Action, CycleModel } from '../schema/cycle.types.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { buildExportModel } from './export-model.ts';

/** A cycle with `n` extra themes, each with one domain, one row and one action. */
function bigCycle(n: number): CycleModel {
  const base = {
    schemaVersion: 3,
    ...cycleFromTemplate({ organisationName: 'Œuvre', year: 2026 }),
  };
  const row0 = base.rows[0]!;
  const domain0 = base.domains[0]!;
  const theme0 = base.themes[0]!;
  const action0: Action = {
    id: '',
    order: 'a0',
    title: 'Former l’équipe',
    description: '',
    owner: 'Zoé',
    ownerId: null,
    budget: 1234.5,
    budgetSpent: null,
    startDate: '2026-01-15',
    dueDate: '2026-06-30',
    quarter: null,
    status: 'planned' as Action['status'],
    abandonReason: '',
    rowIds: [],
    linkLabels: {},
    notes: '',
    deletedAt: null,
  };
  for (let i = 0; i < n; i++) {
    const themeId = `theme-${i}`;
    const domainId = `domain-${i}`;
    const rowId = `row-${i}`;
    base.themes.push({ ...theme0, id: themeId, number: 9 + i, title: `Thème n°${i}` });
    base.domains.push({ ...domain0, id: domainId, themeId, title: `Domaine ${i}` });
    base.rows.push({
      ...row0,
      id: rowId,
      domainId,
      label: `Indicateur ${i} : 38,5 %`,
      target1y: '40 %',
    });
    base.actions.push({ ...action0, id: `action-${i}`, order: `a${i}`, rowIds: [rowId] });
  }
  return base;
}

/** The cycle with its lists wrapped so that every element read is counted. */
function counted(cycle: CycleModel): { cycle: CycleModel; reads: () => number } {
  let reads = 0;
  const wrap = <T extends object>(list: T[]): T[] =>
    new Proxy(list, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
        return Reflect.get(target, key, receiver);
      },
    });
  return {
    cycle: {
      ...cycle,
      themes: wrap(cycle.themes),
      domains: wrap(cycle.domains),
      rows: wrap(cycle.rows),
      actions: wrap(cycle.actions),
      sections: wrap(cycle.sections),
      stakeholders: wrap(cycle.stakeholders),
    },
    reads: () => reads,
  };
}

const info = {
  versionLabel: null,
  exportedAt: new Date('2026-11-27T10:00:00Z'),
  exportedBy: 'Zoé',
};

describe('export model size', () => {
  it('reads each list a bounded number of times, whatever the number of themes', () => {
    const readsFor = (n: number) => {
      const { cycle, reads } = counted(bigCycle(n));
      const model = buildExportModel(cycle, info);
      expect(model.steeringRows.length).toBeGreaterThan(n);
      expect(model.actions).toHaveLength(n);
      return reads();
    };
    const small = readsFor(250);
    const large = readsFor(1000);
    // Four times the cycle: about four times the reads (n² would be sixteen times).
    expect(large / small).toBeLessThan(6);
  });

  it('still groups rows under their theme and domain, and actions under their theme', () => {
    const model = buildExportModel(bigCycle(3), info);
    const line = model.steeringRows.find((row) => row.label === 'Indicateur 2 : 38,5 %')!;
    expect(line.themeTitle).toBe('Thème n°2');
    expect(line.domainNumber).toBe('11.1');
    expect(model.actions.map((action) => action.themeLabel).slice(-3)).toEqual([
      '9. Thème n°0',
      '10. Thème n°1',
      '11. Thème n°2',
    ]);
    expect(model.themes.find((theme) => theme.number === 11)!.objectives).toEqual([
      { label: 'Indicateur 2 : 38,5 %', target1y: '40 %', target3y: row3y(model) },
    ]);
  });
});

function row3y(model: ReturnType<typeof buildExportModel>): string {
  return model.steeringRows.find((row) => row.label === 'Indicateur 2 : 38,5 %')!.target3y;
}
