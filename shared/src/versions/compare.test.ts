import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { entityRoot, readCycle, rowText, themeText, writeCycle } from '../schema/cycle-doc.ts';
import type { CycleModel, Row } from '../schema/cycle.types.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { addRow, deleteRow, moveRowTo, setRowField, setThemeRetained } from '../grid/grid-ops.ts';
import { compareCycles, filterByTheme, wordDiff, COMPARED_ROW_FIELDS } from './compare.ts';
import { restoreContent, syncText } from './restore.ts';

/** mulberry32: a small seeded generator, so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['38,5', '1 234,50 €', 'l’équipe', 'salarié·es', '🌱', 'élu', 'ça', 'à', '\n', 'CA'];
const TEXT_FIELDS = ['label', 'baseline', 'target1y', 'target3y', 'notTreatedReason', 'sources'];

function templateDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Test', year: 2026 }));
  return doc;
}

function copy(doc: Y.Doc): Y.Doc {
  const next = new Y.Doc();
  Y.applyUpdate(next, Y.encodeStateAsUpdate(doc));
  return next;
}

/** A random edit set; returns the ids of the rows it moved. */
function randomEdits(doc: Y.Doc, next: () => number): Set<string> {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  const moved = new Set<string>();
  const count = 1 + Math.floor(next() * 12);
  for (let i = 0; i < count; i++) {
    const cycle = readCycle(doc);
    const row = pick(cycle.rows);
    const kind = Math.floor(next() * 9);
    if (kind <= 2) {
      const text = rowText(doc, row.id, pick(TEXT_FIELDS) as 'label');
      const at = Math.floor(next() * (text.length + 1));
      if (next() < 0.4 && text.length > 0) text.delete(at > 0 ? at - 1 : 0, 1);
      else text.insert(at, ` ${pick(WORDS)}`);
    } else if (kind === 3) {
      const field = pick(['treated', 'baselineValue', 'kind', 'nature', 'unit'] as const);
      const value = {
        treated: !row.treated,
        baselineValue: next() < 0.5 ? 38.5 : null,
        kind: row.kind === 'question' ? 'indicator' : 'question',
        nature: row.nature === 'qualitative' ? 'quantitative' : 'qualitative',
        unit: pick(['%', 'personnes', '€', '']),
      }[field];
      setRowField(doc, row.id, field, value as never);
    } else if (kind === 4) {
      addRow(doc, pick(cycle.domains).id, { label: `Nouvelle ${pick(WORDS)}` }, row.id);
    } else if (kind === 5 && cycle.rows.length > 5) {
      deleteRow(doc, row.id);
      moved.delete(row.id);
    } else if (kind === 6 || kind === 7) {
      const domain = next() < 0.5 ? row.domainId : pick(cycle.domains).id;
      const siblings = cycle.rows.filter((r) => r.domainId === domain && r.id !== row.id);
      moveRowTo(doc, row.id, domain, next() < 0.3 ? null : (pick(siblings)?.id ?? null));
      moved.add(row.id);
    } else {
      const theme = pick(cycle.themes);
      setThemeRetained(doc, theme.id, !theme.retained, 'Pas cette année');
    }
  }
  return moved;
}

/** The reference: every row, every field, one by one. */
function bruteForce(before: CycleModel, after: CycleModel) {
  const a = new Map(before.rows.map((row) => [row.id, row]));
  const b = new Map(after.rows.map((row) => [row.id, row]));
  const cells: string[] = [];
  for (const [id, row] of b) {
    const old = a.get(id);
    if (!old) continue;
    for (const field of Object.keys(row) as (keyof Row)[]) {
      if (['id', 'order', 'domainId'].includes(field)) continue;
      if (old[field] !== row[field])
        cells.push(JSON.stringify([id, field, old[field], row[field]]));
    }
  }
  return {
    cells: cells.sort(),
    added: [...b.keys()].filter((id) => !a.has(id)).sort(),
    removed: [...a.keys()].filter((id) => !b.has(id)).sort(),
  };
}

describe('comparing two versions', () => {
  it('lists exactly the changed cells, added, removed and moved rows over 250 seeded edit sets', () => {
    const base = templateDoc();
    expect(COMPARED_ROW_FIELDS.length).toBe(Object.keys(readCycle(base).rows[0]!).length - 3);
    for (let seed = 1; seed <= 250; seed++) {
      const next = random(seed);
      const v1 = copy(base);
      randomEdits(v1, next);
      const v2 = copy(v1);
      const explicitlyMoved = randomEdits(v2, next);
      const before = readCycle(v1);
      const after = readCycle(v2);
      const result = compareCycles(before, after);
      const reference = bruteForce(before, after);
      const context = `seed ${seed}`;
      expect(
        result.cells.map((c) => JSON.stringify([c.rowId, c.field, c.before, c.after])).sort(),
        context,
      ).toEqual(reference.cells);
      expect([...result.rowsAdded].sort(), context).toEqual(reference.added);
      expect([...result.rowsRemoved].sort(), context).toEqual(reference.removed);
      // Moved rows: only rows that were moved, never added or removed ones, and once they are set
      // aside every other common row is in the same domain and the same relative order.
      for (const id of result.rowsMoved) expect(explicitlyMoved.has(id), context).toBe(true);
      const movedSet = new Set(result.rowsMoved);
      const common = (model: CycleModel, other: CycleModel) =>
        model.rows
          .filter((r) => other.rows.some((o) => o.id === r.id) && !movedSet.has(r.id))
          .map((r) => `${r.id}@${r.domainId}`);
      expect(common(after, before), context).toEqual(common(before, after));
      const retention = before.themes.filter(
        (t) => after.themes.find((u) => u.id === t.id)?.retained !== t.retained,
      );
      expect(result.themes.map((t) => t.themeId).sort(), context).toEqual(
        retention.map((t) => t.id).sort(),
      );
      // Every row named in the result has a label and a place to show.
      for (const id of [...result.cells.map((c) => c.rowId), ...result.rowsMoved])
        expect(result.rows[id], context).toBeDefined();
    }
  }, 120_000);

  it('reports a row moved down past another as that one row moved', () => {
    const v1 = templateDoc();
    const before = readCycle(v1);
    const domain = before.domains[0]!;
    const [first, second] = before.rows.filter((r) => r.domainId === domain.id);
    const v2 = copy(v1);
    const third = readCycle(v2).rows.filter((r) => r.domainId === domain.id)[2];
    moveRowTo(v2, first!.id, domain.id, third?.id ?? null);
    const result = compareCycles(before, readCycle(v2));
    expect(result.rowsMoved).toEqual([first!.id]);
    expect(result.rowsAdded).toEqual([]);
    expect(result.rowsRemoved).toEqual([]);
    expect(second).toBeDefined();
  });

  it('highlights whole words, keeping French punctuation and emoji intact', () => {
    const pieces = wordDiff('Taux de 38,5 % en 2026 🌱', 'Taux de 41,2 % en 2027 🌱');
    expect(pieces.filter((p) => p.op === -1).map((p) => p.text)).toEqual(['38,5', '2026']);
    expect(pieces.filter((p) => p.op === 1).map((p) => p.text)).toEqual(['41,2', '2027']);
    const rebuilt = (op: -1 | 1) =>
      pieces
        .filter((p) => p.op !== op)
        .map((p) => p.text)
        .join('');
    expect(rebuilt(1)).toBe('Taux de 38,5 % en 2026 🌱');
    expect(rebuilt(-1)).toBe('Taux de 41,2 % en 2027 🌱');
  });

  it('filters by theme and reports section paragraphs and action statuses', () => {
    const v1 = templateDoc();
    const before = readCycle(v1);
    const v2 = copy(v1);
    const [rowA] = before.rows;
    const themeOfA = before.domains.find((d) => d.id === rowA!.domainId)!.themeId;
    const other = before.rows.find(
      (r) => before.domains.find((d) => d.id === r.domainId)!.themeId !== themeOfA,
    )!;
    rowText(v2, rowA!.id, 'baseline').insert(0, 'A ');
    rowText(v2, other.id, 'baseline').insert(0, 'B ');
    const model = readCycle(v2);
    const section = {
      id: 's1',
      order: 'a',
      kind: 'free' as const,
      title: 'Méthode',
      paragraphs: ['Un', 'Deux'],
    };
    const action = {
      id: 'a1',
      order: 'a',
      title: 'Former l’équipe',
      owner: '',
      budget: null,
      startDate: null,
      dueDate: null,
      status: 'todo' as const,
      rowIds: [],
      notes: '',
      description: '',
      ownerId: null,
      budgetSpent: null,
      quarter: null,
      abandonReason: '',
      linkLabels: {},
      deletedAt: null,
    };
    const result = compareCycles(
      { ...before, sections: [section], actions: [action] },
      {
        ...model,
        sections: [{ ...section, paragraphs: ['Un', 'Trois', 'Deux'] }],
        actions: [{ ...action, status: 'done' }],
      },
    );
    expect(result.cells).toHaveLength(2);
    expect(filterByTheme(result, themeOfA).cells.map((c) => c.rowId)).toEqual([rowA!.id]);
    expect(result.sections[0]!.paragraphs).toEqual([
      { op: 0, text: 'Un' },
      { op: 1, text: 'Trois' },
      { op: 0, text: 'Deux' },
    ]);
    expect(result.actions).toEqual([
      { actionId: 'a1', title: 'Former l’équipe', before: 'todo', after: 'done' },
    ]);
  });
});

describe('restoring a version as a new change', () => {
  it('brings the document back to the version over 100 seeded edit sets', () => {
    const base = templateDoc();
    for (let seed = 1; seed <= 100; seed++) {
      const next = random(seed * 7);
      const live = copy(base);
      const version = readCycle(live);
      randomEdits(live, next);
      restoreContent(live, version);
      const restored = readCycle(live);
      const result = compareCycles(version, restored);
      expect(result.cells, `seed ${seed}`).toEqual([]);
      expect(result.rowsAdded, `seed ${seed}`).toEqual([]);
      expect(result.rowsRemoved, `seed ${seed}`).toEqual([]);
      expect(result.rowsMoved, `seed ${seed}`).toEqual([]);
      expect(result.themes, `seed ${seed}`).toEqual([]);
    }
  }, 120_000);

  it('keeps characters typed concurrently elsewhere in a restored cell', () => {
    const live = templateDoc();
    const rowId = readCycle(live).rows[0]!.id;
    const text = rowText(live, rowId, 'baseline');
    text.insert(0, 'Début. Milieu. Fin.');
    const version = readCycle(live);
    text.delete(0, 'Début.'.length);
    text.insert(0, 'Changé.');
    // Someone else, offline, types at the end of the same cell at the same time.
    const other = copy(live);
    rowText(other, rowId, 'baseline').insert(
      rowText(other, rowId, 'baseline').length,
      ' Ajout ’😀',
    );
    restoreContent(live, version);
    Y.applyUpdate(live, Y.encodeStateAsUpdate(other));
    expect(rowText(live, rowId, 'baseline').toString()).toBe('Début. Milieu. Fin. Ajout ’😀');
  });

  it('restores one row or one theme only, leaving the rest as it is', () => {
    const live = templateDoc();
    const version = readCycle(live);
    const [a, b] = version.rows;
    rowText(live, a!.id, 'label').insert(0, 'X ');
    rowText(live, b!.id, 'label').insert(0, 'Y ');
    const theme = version.themes[3]!;
    setThemeRetained(live, theme.id, !theme.retained, 'raison');
    themeText(live, version.themes[4]!.id, 'notRetainedReason').insert(0, 'Z');
    restoreContent(live, version, { kind: 'row', id: a!.id });
    let now = readCycle(live);
    expect(now.rows.find((r) => r.id === a!.id)!.label).toBe(a!.label);
    expect(now.rows.find((r) => r.id === b!.id)!.label).toBe(`Y ${b!.label}`);
    restoreContent(live, version, { kind: 'theme', id: theme.id });
    now = readCycle(live);
    expect(now.themes[3]!.retained).toBe(theme.retained);
    expect(now.themes[4]!.notRetainedReason.startsWith('Z')).toBe(true);
    // A deleted row comes back with its id.
    deleteRow(live, b!.id);
    restoreContent(live, version, { kind: 'row', id: b!.id });
    expect(readCycle(live).rows.find((r) => r.id === b!.id)?.label).toBe(b!.label);
    expect(entityRoot(live, 'rows').size).toBe(version.rows.length);
  });

  it('edits a text by the smallest pieces', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'le bureau a validé');
    const changes: unknown[] = [];
    text.observe((event) => changes.push(event.delta));
    syncText(text, 'le CA a validé');
    expect(text.toString()).toBe('le CA a validé');
    expect(JSON.stringify(changes)).not.toContain('validé');
  });
});
