import { describe, expect, it } from 'vitest';
import type { CycleModel } from '../schema/cycle.types.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { GUIDE_TEMPLATE } from '../template/guide-template.ts';
import {
  buildExportModel,
  formatDateFr,
  formatEurosFr,
  SEED_COLUMNS,
  STEERING_COLUMNS,
  steeringCells,
  WORKING_VERSION_LABEL,
} from './export-model.ts';

function cycle(): CycleModel {
  return {
    schemaVersion: 1,
    ...cycleFromTemplate({ organisationName: 'Les Œuvres « Été »', year: 2026 }),
  };
}

const info = {
  versionLabel: null,
  exportedAt: new Date('2026-11-26T10:00:00Z'),
  exportedBy: 'Zoé',
};

describe('buildExportModel', () => {
  it('names the six seed columns exactly as the guide does, then the extra ones', () => {
    expect(SEED_COLUMNS).toEqual([
      'Thème',
      'Domaine d’action',
      'Questions ou indicateurs',
      'État des lieux (année N0)',
      'Objectif à 1 an (année N+1)',
      'Objectif à 3 ans (année N+3)',
    ]);
    expect(STEERING_COLUMNS.slice(6)).toEqual([
      'Nature',
      'Unité',
      'Valeur N0',
      'Traitée',
      'Raison si non traitée',
      'Sources',
      'Nombre de commentaires',
    ]);
  });

  it('lists every row in grid order with its theme, numbered domain and French labels', () => {
    const model = cycle();
    const row = model.rows[0]!;
    row.baselineValue = 1234.5;
    row.nature = 'quantitative';
    row.unit = '%';
    const exported = buildExportModel(model, { ...info, commentCounts: { [row.id]: 3 } });
    expect(exported.steeringRows.filter((l) => l.kind === 'row').map((l) => l.rowId)).toEqual(
      model.rows.map((r) => r.id),
    );
    const first = exported.steeringRows[0]!;
    expect(first).toMatchObject({
      themeNumber: 1,
      themeTitle: 'Gouvernance démocratique',
      domainNumber: '1.1',
      domainTitle: GUIDE_TEMPLATE[0]!.domains[0]!.title,
      nature: 'Quantitative',
      treated: 'Oui',
      commentCount: 3,
      baselineValue: 1234.5,
      baselineValueText: '1\u202f234,5\u00a0%',
    });
    expect(steeringCells(first).slice(0, 2)).toEqual([
      '1. Gouvernance démocratique',
      `1.1 ${GUIDE_TEMPLATE[0]!.domains[0]!.title}`,
    ]);
    expect(exported.commentTotal).toBe(3);
    const untreated = exported.steeringRows.find((l) => l.treated === 'Non');
    expect(untreated?.notTreatedReason).not.toBe('');
  });

  it('keeps every theme, an empty or dropped one on a line of its own with the reason', () => {
    const model = cycle();
    const dropped = model.themes[6]!;
    dropped.retained = false;
    dropped.notRetainedReason = 'Pas de moyens cette année ; à revoir';
    const empty = model.themes[7]!;
    const emptyDomains = new Set(
      model.domains.filter((d) => d.themeId === empty.id).map((d) => d.id),
    );
    model.rows = model.rows.filter((r) => !emptyDomains.has(r.domainId));
    model.domains = model.domains.filter((d) => d.themeId !== empty.id);
    const exported = buildExportModel(model, info);
    expect(new Set(exported.steeringRows.map((l) => l.themeNumber))).toEqual(
      new Set([1, 2, 3, 4, 5, 6, 7, 8]),
    );
    const droppedLine = exported.steeringRows.find((l) => l.themeNumber === 7)!;
    expect(droppedLine.kind).toBe('theme');
    expect(droppedLine.label).toBe('Thème non retenu\u00a0: Pas de moyens cette année ; à revoir');
    const emptyLines = exported.steeringRows.filter((l) => l.themeNumber === 8);
    expect(emptyLines).toHaveLength(1);
    expect(emptyLines[0]).toMatchObject({ kind: 'theme', label: '', commentCount: null });
    expect(exported.themes.map((t) => t.retainedLabel)).toEqual([
      'Oui',
      'Oui',
      'Oui',
      'Oui',
      'Oui',
      'Oui',
      'Non',
      'Oui',
    ]);
  });

  it('shows a domain without rows, so an empty domain survives an export and re-import', () => {
    const model = cycle();
    const domain = model.domains[0]!;
    model.rows = model.rows.filter((r) => r.domainId !== domain.id);
    const line = buildExportModel(model, info).steeringRows[0]!;
    expect(line).toMatchObject({ kind: 'domain', domainNumber: '1.1', label: '' });
  });

  it('formats the header, money and dates the French way', () => {
    const model = cycle();
    model.meta.stage = 'board';
    model.actions.push({
      id: 'a1',
      order: 'a',
      title: 'Former les administrateurs',
      description: '',
      owner: 'Zoé',
      ownerId: null,
      budget: 1234.5,
      budgetSpent: null,
      startDate: '2027-01-05',
      dueDate: null,
      quarter: null,
      status: 'in-progress',
      abandonReason: '',
      rowIds: [model.rows[1]!.id, 'gone'],
      linkLabels: {},
      notes: '',
      deletedAt: null,
    });
    const exported = buildExportModel(model, info);
    expect(exported).toMatchObject({
      organisation: 'Les Œuvres « Été »',
      stageLabel: 'Bureau / CA',
      versionLabel: WORKING_VERSION_LABEL,
      exportedAtText: '26/11/2026',
      exportedBy: 'Zoé',
    });
    expect(exported.actions[0]).toMatchObject({
      budgetText: '1\u202f234,50\u00a0€',
      startDate: '05/01/2027',
      dueDate: '',
      status: 'En cours',
      rowLabels: [model.rows[1]!.label],
    });
    expect(buildExportModel(model, { ...info, versionLabel: 'Version CA' }).versionLabel).toBe(
      'Version CA',
    );
  });

  it('writes the Paris date even when the server clock is past midnight UTC only', () => {
    expect(formatDateFr(new Date('2026-12-31T23:30:00Z'))).toBe('01/01/2027');
    expect(formatDateFr(new Date('2026-12-31T23:30:00Z'), 'UTC')).toBe('31/12/2026');
    expect(formatEurosFr(0)).toBe('0,00\u00a0€');
  });
});
