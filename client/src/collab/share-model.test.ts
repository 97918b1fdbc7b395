import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  cycleFromTemplate,
  domainText,
  NO_FILTER,
  readCycle,
  rowText,
  setThemeRetained,
  writeCycle,
} from '@pilotis/shared';
import { patchRowTexts, sameValue, shareModel, type ChangedType } from './share-model.ts';
import { buildLines, shareLines } from '../features/grid/grid-lines.ts';

function cycle() {
  const doc = new Y.Doc();
  writeCycle(
    doc,
    cycleFromTemplate({ organisationName: 'Fédération d’Île-de-France', year: 2026 }),
  );
  return doc;
}

describe('structural sharing between two readings of a cycle', () => {
  it('gives a new object only to the row that was typed in', () => {
    const doc = cycle();
    const before = readCycle(doc);
    const typed = before.rows[3]!;
    rowText(doc, typed.id, 'baseline').insert(0, 'Taux d’adhésion : 38,5 % — « 1 234,50 € » 🎉\n');
    const after = shareModel(before, readCycle(doc));
    const changed = after.rows.filter((row, i) => row !== before.rows[i]);
    expect(changed.map((row) => row.id)).toEqual([typed.id]);
    expect(changed[0]!.baseline).toContain('38,5 %');
    expect(after.themes).toBe(before.themes);
    expect(after.domains).toBe(before.domains);
  });

  it('keeps every line but the typed row’s line, so one line component renders', () => {
    const doc = cycle();
    const first = readCycle(doc);
    const lines = buildLines(first, NO_FILTER);
    const typed = first.rows[0]!;
    rowText(doc, typed.id, 'label').insert(0, 'Élu·e·s ');
    const next = shareLines(lines, buildLines(shareModel(first, readCycle(doc)), NO_FILTER));
    const changed = next.filter((line, i) => line !== lines[i]);
    expect(changed.map((line) => line.key)).toEqual([`r:${typed.id}`]);
  });

  it('renews a theme line and its rows when the theme changes', () => {
    const doc = cycle();
    const first = readCycle(doc);
    const lines = buildLines(first, NO_FILTER);
    const theme = first.themes[0]!;
    setThemeRetained(doc, theme.id, false);
    const next = shareLines(lines, buildLines(shareModel(first, readCycle(doc)), NO_FILTER));
    const changed = new Set(next.filter((line, i) => line !== lines[i]).map((line) => line.key));
    expect(changed.has(`t:${theme.id}`)).toBe(true);
    const rowsOfTheme = next.filter((line) => line.type === 'row' && line.theme.id === theme.id);
    expect(rowsOfTheme.length).toBeGreaterThan(0);
    expect(rowsOfTheme.every((line) => changed.has(line.key))).toBe(true);
    const otherRows = next.filter((line) => line.type === 'row' && line.theme.id !== theme.id);
    expect(otherRows.some((line) => changed.has(line.key))).toBe(false);
  });

  it('compares plain values deeply and other objects by identity', () => {
    expect(sameValue({ a: [1, { b: 'é' }] }, { a: [1, { b: 'é' }] })).toBe(true);
    expect(sameValue({ a: [1, 2] }, { a: [1, 3] })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue(new Y.Text(), new Y.Text())).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });

  it('re-reads only the texts typed in, with the same result as reading the whole document', () => {
    const doc = cycle();
    const before = readCycle(doc);
    const changed: ChangedType[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) =>
      changed.push(...transaction.changed.keys()),
    );
    const [a, b] = [before.rows[0]!, before.rows[7]!];
    rowText(doc, a.id, 'target1y').insert(0, 'Atteindre 38,5 % d’ici l’été');
    rowText(doc, b.id, 'sources').insert(0, 'Rapport « 1 234,50 € »\nPV du 3 mars 🎉');
    const patched = patchRowTexts(doc, before, changed)!;
    expect(patched).toEqual(readCycle(doc));
    expect(patched.rows.filter((row, i) => row !== before.rows[i]).map((row) => row.id)).toEqual([
      a.id,
      b.id,
    ]);
    expect(patched.themes).toBe(before.themes);
  });

  it('leaves any other change to a whole reading', () => {
    const doc = cycle();
    const before = readCycle(doc);
    const changed: ChangedType[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) =>
      changed.push(...transaction.changed.keys()),
    );
    domainText(doc, before.domains[0]!.id, 'title').insert(0, 'Vie associative — ');
    expect(patchRowTexts(doc, before, changed)).toBeNull();
    changed.length = 0;
    setThemeRetained(doc, before.themes[0]!.id, false);
    expect(patchRowTexts(doc, before, changed)).toBeNull();
  });
});
