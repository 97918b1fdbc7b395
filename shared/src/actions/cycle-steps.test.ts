import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { entityRoot, readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { addRow, setRowField, setStage, setThemeRetained } from '../grid/grid-ops.ts';
import { rowText, themeText } from '../schema/cycle-doc.ts';
import { STAGES, type Stage } from '../schema/cycle.types.ts';
import {
  actionText,
  createAction,
  deleteAction,
  setActionDate,
  setActionOwner,
  setActionStatus,
} from './action-ops.ts';
import { missingBeforeNextStage, readSteps, setStep, type VersionSummary } from './cycle-steps.ts';
import { createReview, lastReviews, readReviews, reviewComment } from './action-reviews.ts';

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A cycle with random gaps everywhere the checklist looks. */
function seededCycle(seed: number): { doc: Y.Doc; versions: VersionSummary[] } {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Seed', year: 2026 }));
  const model = readCycle(doc);
  for (const theme of model.themes) {
    if (rand() < 0.3)
      setThemeRetained(doc, theme.id, false, rand() < 0.5 ? 'Hors de nos moyens' : '');
  }
  for (const domain of model.domains) {
    const extra = Math.floor(rand() * 3);
    for (let i = 0; i < extra; i++) addRow(doc, domain.id);
  }
  for (const row of readCycle(doc).rows) {
    setRowField(doc, row.id, 'nature', rand() < 0.4 ? 'quantitative' : 'qualitative');
    if (rand() < 0.15) setRowField(doc, row.id, 'treated', false);
    const baseline = rowText(doc, row.id, 'baseline');
    baseline.delete(0, baseline.length);
    if (rand() < 0.5) baseline.insert(0, rand() < 0.2 ? '   ' : 'Pas de données consolidées');
    if (rand() < 0.2) setRowField(doc, row.id, 'baselineValue', 12.5);
    for (const field of ['target1y', 'target3y'] as const) {
      const text = rowText(doc, row.id, field);
      text.delete(0, text.length);
      if (rand() < 0.6) text.insert(0, 'Atteindre 50 %');
    }
  }
  const rows = readCycle(doc).rows;
  for (let i = 0; i < 40; i++) {
    const id = createAction(doc, {
      title: rand() < 0.1 ? '' : `Action ${i}`,
      rowIds: [pick(rows).id],
    });
    if (rand() < 0.6)
      setActionOwner(doc, id, { id: rand() < 0.5 ? 'u1' : null, name: rand() < 0.8 ? 'Zoé' : '' });
    if (rand() < 0.7) setActionDate(doc, id, 'startDate', '01/02/2027');
    if (rand() < 0.7) setActionDate(doc, id, 'dueDate', '30/06/2027');
    if (rand() < 0.15) setActionStatus(doc, id, 'abandoned', undefined, 'Plus pertinent');
    if (rand() < 0.1) deleteAction(doc, id);
  }
  const stage = pick(STAGES);
  setStage(doc, stage);
  const versions: VersionSummary[] = [];
  if (rand() < 0.5)
    versions.push({ stage: pick(STAGES as readonly Stage[]), createdAt: '2027-01-01T00:00:00Z' });
  return { doc, versions };
}

/** The same list counted the slow way: every entity, every rule, straight from the Y.Doc maps. */
function bruteForceCount(doc: Y.Doc, versions: VersionSummary[]): number {
  const text = (map: Y.Map<unknown>, key: string) => String(map.get(key) ?? '').trim();
  const stage = doc.getMap('meta').get('stage') as Stage;
  let count = 0;
  const themes = entityRoot(doc, 'themes');
  const domains = entityRoot(doc, 'domains');
  const rows = entityRoot(doc, 'rows');
  if (stage !== 'follow-up') {
    themes.forEach((theme, themeId) => {
      const retained = theme.get('retained') !== false;
      if (!retained && !text(theme, 'notRetainedReason')) count++;
      if (!retained) return;
      let quanti = 0;
      let quali = 0;
      domains.forEach((domain, domainId) => {
        if (domain.get('themeId') !== themeId) return;
        rows.forEach((row) => {
          if (row.get('domainId') !== domainId || row.get('treated') === false) return;
          if (row.get('nature') === 'quantitative') quanti++;
          else quali++;
          if (!text(row, 'baseline') && typeof row.get('baselineValue') !== 'number') count++;
          if (!text(row, 'target1y') || !text(row, 'target3y')) count++;
        });
      });
      if (quanti + quali > 0 && quanti * quali === 0) count++;
    });
  }
  entityRoot(doc, 'actions').forEach((action) => {
    if (typeof action.get('deletedAt') === 'number' || action.get('status') === 'abandoned') return;
    if (!text(action, 'owner') && !action.get('ownerId')) count++;
    if (!action.get('startDate') || !action.get('dueDate')) count++;
  });
  if (['staff-meeting', 'board'].includes(stage) && !versions.some((v) => v.stage === 'board'))
    count++;
  return count;
}

describe('missing before the next stage', () => {
  it('equals a brute-force count on seeded cycles', () => {
    let nonEmpty = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const { doc, versions } = seededCycle(seed);
      const items = missingBeforeNextStage(readCycle(doc), versions);
      expect(items.length, `seed ${seed}`).toBe(bruteForceCount(doc, versions));
      if (items.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(6);
  }, 60_000);

  it('names each item and where to fix it', () => {
    const doc = new Y.Doc();
    writeCycle(doc, cycleFromTemplate({ organisationName: 'Asso', year: 2026 }));
    const model = readCycle(doc);
    const theme = model.themes[0]!;
    setThemeRetained(doc, theme.id, false);
    themeText(doc, theme.id, 'notRetainedReason').insert(0, '');
    const action = createAction(doc, { title: 'Former le CA' });
    actionText(doc, action, 'title');
    setStage(doc, 'board');
    const items = missingBeforeNextStage(readCycle(doc), []);
    expect(items.find((i) => i.kind === 'theme-reason')).toMatchObject({
      step: 2,
      target: { place: 'grid', themeId: theme.id },
    });
    expect(items.filter((i) => i.target.place === 'actions')).toEqual([
      {
        kind: 'action-owner',
        step: 8,
        subject: 'Former le CA',
        target: { place: 'actions', actionId: action },
      },
      {
        kind: 'action-dates',
        step: 8,
        subject: 'Former le CA',
        target: { place: 'actions', actionId: action },
      },
    ]);
    expect(items.at(-1)).toMatchObject({ kind: 'bureau-version', target: { place: 'versions' } });
    expect(
      missingBeforeNextStage(readCycle(doc), [{ stage: 'board', createdAt: '' }]).some(
        (i) => i.kind === 'bureau-version',
      ),
    ).toBe(false);
  });
});

describe('steps and reviews', () => {
  it('records a step’s status, date and who', () => {
    const doc = new Y.Doc();
    expect(readSteps(doc)).toHaveLength(12);
    setStep(doc, 8, { status: 'done', date: '2027-01-20', who: 'Binôme Zoé / Jérôme' });
    setStep(doc, 13, { status: 'done' });
    expect(readSteps(doc)[7]).toMatchObject({
      number: 8,
      status: 'done',
      date: '2027-01-20',
      who: 'Binôme Zoé / Jérôme',
    });
    expect(readSteps(doc).filter((s) => s.status === 'done')).toHaveLength(1);
  });

  it('keeps each quarter’s statuses while the plan moves on', () => {
    const doc = new Y.Doc();
    writeCycle(doc, cycleFromTemplate({ organisationName: 'Asso', year: 2026 }));
    const id = createAction(doc, { title: 'Charte' });
    const dates = ['2027-03-31', '2027-06-30', '2027-09-30', '2027-12-31', '2028-03-31'];
    const statuses = ['todo', 'in-progress', 'in-progress', 'done', 'done'] as const;
    dates.forEach((date, index) => {
      setActionStatus(doc, id, statuses[index]!);
      const review = createReview(doc, readCycle(doc), date, { name: 'Zoé' });
      reviewComment(doc, review, id)!.insert(0, `Point ${index + 1} ✅`);
    });
    const last = lastReviews(doc);
    expect(readReviews(doc)).toHaveLength(5);
    expect(last.map((r) => r.date)).toEqual(dates.slice(1));
    expect(last.map((r) => r.entries[0]!.status)).toEqual([
      'in-progress',
      'in-progress',
      'done',
      'done',
    ]);
    expect(last[0]!.entries[0]).toMatchObject({ title: 'Charte', comment: 'Point 2 ✅' });
  });
});
