import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { GUIDE_TEMPLATE } from './guide-template.ts';
import { cycleFromPrevious, cycleFromTemplate } from './create-cycle.ts';
import { domainNumbers, readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { SCHEMA_VERSION } from '../schema/keys.ts';

describe('guide template', () => {
  const model = cycleFromTemplate({ organisationName: 'Les Amis du Quartier', year: 2026 });

  it('has the eight themes of the guide, numbered 1 to 8', () => {
    expect(GUIDE_TEMPLATE.map((theme) => theme.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(model.themes).toHaveLength(8);
    expect(model.themes.map((t) => t.title)).toContain('Gouvernance démocratique');
    expect(model.themes.map((t) => t.title)).toContain('Éthique et déontologie');
  });

  it('gives every theme at least two domains and three rows', () => {
    for (const theme of model.themes) {
      const domains = model.domains.filter((d) => d.themeId === theme.id);
      const rows = model.rows.filter((r) => domains.some((d) => d.id === r.domainId));
      expect(domains.length, theme.title).toBeGreaterThanOrEqual(2);
      expect(rows.length, theme.title).toBeGreaterThanOrEqual(3);
    }
  });

  it('mixes questions and indicators in every theme (step 4)', () => {
    for (const theme of model.themes) {
      const domainIds = new Set(
        model.domains.filter((d) => d.themeId === theme.id).map((d) => d.id),
      );
      const natures = new Set(
        model.rows.filter((r) => domainIds.has(r.domainId)).map((r) => r.nature),
      );
      expect([...natures].sort(), theme.title).toEqual(['qualitative', 'quantitative']);
    }
  });

  it('holds the two example rows of the source document under 1.3 Exercice du pouvoir', () => {
    const numbers = domainNumbers(model.themes, model.domains);
    const exercise = model.domains.find((d) => numbers.get(d.id) === '1.3');
    expect(exercise?.title).toBe('Exercice du pouvoir');
    const rows = model.rows.filter((r) => r.domainId === exercise?.id);
    const participation = rows.find((r) =>
      r.label.startsWith('Le taux de participation à l’Assemblée Générale'),
    );
    expect(participation?.baseline).toBe(
      'Pas de données consolidées (uniquement les feuilles d’émargement)',
    );
    expect(participation?.target1y).toBe(
      'Dresser l’état des lieux et se fixer un objectif quantitatif',
    );
    expect(participation?.target3y).toBe('Avoir atteint l’objectif fixé en année 1');
    const training = rows.find(
      (r) => r.label === 'Pourcentage d’admin ayant reçu une formation dans l’année',
    );
    expect(training?.treated).toBe(false);
    expect(training?.notTreatedReason).toMatch(
      /^Question non traitée car nos admin ont été choisis/,
    );
  });

  it('survives a trip through a Y.Doc unchanged', () => {
    const doc = new Y.Doc();
    writeCycle(doc, model);
    // Every cycle also gets its standard and per-theme sections (empty).
    const { sections, ...read } = readCycle(doc);
    expect(read).toEqual({ schemaVersion: SCHEMA_VERSION, ...model, sections: undefined });
    expect(sections).toHaveLength(4 + 3 * model.themes.length);
    expect(sections.every((section) => section.paragraphs.length === 0)).toBe(true);
  });

  it('starts next year from this year: same structure, new ids, objectives carried forward', () => {
    const next = cycleFromPrevious(
      { schemaVersion: 1, ...model },
      { organisationName: 'Les Amis du Quartier', year: 2027 },
    );
    expect(next.meta.year).toBe(2027);
    expect(next.rows).toHaveLength(model.rows.length);
    expect(next.rows.map((r) => r.label)).toEqual(model.rows.map((r) => r.label));
    const oldIds = new Set(model.rows.map((r) => r.id));
    expect(next.rows.some((r) => oldIds.has(r.id))).toBe(false);
    const nextDomainIds = new Set(next.domains.map((d) => d.id));
    expect(next.rows.every((r) => nextDomainIds.has(r.domainId))).toBe(true);
    const carried = next.rows.find((r) => r.label.startsWith('Le taux de participation'));
    expect(carried?.baseline).toBe('');
    expect(carried?.target1y).toBe('');
    expect(carried?.target3y).toBe('Avoir atteint l’objectif fixé en année 1');
    expect(carried?.previous).toMatchObject({
      year: model.meta.year,
      target1y: 'Dresser l’état des lieux et se fixer un objectif quantitatif',
    });
  });

  it('keeps last year’s measurement and objectives as last year’s, never replaced by a target', () => {
    const measured = structuredClone(model);
    const [first, second] = measured.rows;
    Object.assign(first!, {
      baseline: '38,5 % des adhérents présents à l’AG',
      baselineValue: 38.5,
      unit: '%',
      target1y: '45 %',
      target3y: '60 %',
    });
    Object.assign(second!, { baseline: 'Budget : 1 234,5 €', baselineValue: 1234.5, unit: '€' });
    const next = cycleFromPrevious(
      { schemaVersion: SCHEMA_VERSION, ...measured },
      { organisationName: measured.meta.organisationName, year: measured.meta.year + 1 },
    );
    expect(next.rows[0]!.previous).toEqual({
      year: measured.meta.year,
      baseline: '38,5 % des adhérents présents à l’AG',
      baselineValue: 38.5,
      unit: '%',
      target1y: '45 %',
      target3y: '60 %',
      // The 3-year objective keeps the calendar year it aims at.
      target3yYear: measured.meta.year + 3,
      sourceRowId: first!.id,
    });
    expect(next.rows[0]!.target3yYear).toBe(measured.meta.year + 3);
    expect(next.themes.every((theme) => theme.retentionProposedFrom === measured.meta.year)).toBe(
      true,
    );
    expect(next.rows[1]!.previous).toMatchObject({ baselineValue: 1234.5, unit: '€' });
    expect(next.rows.some((r) => r.baseline.startsWith('Objectif'))).toBe(false);
    // Stored in the document and read back as is.
    const doc = new Y.Doc();
    writeCycle(doc, next);
    expect(readCycle(doc).rows[0]!.previous).toEqual(next.rows[0]!.previous);
    expect(readCycle(doc).rows).toEqual(next.rows);
  });
});
