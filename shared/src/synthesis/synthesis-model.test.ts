import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { setThemeRetained } from '../grid/grid-ops.ts';
import { rowText, themeText } from '../schema/cycle-doc.ts';
import { sectionBody } from '../editor/section-ops.ts';
import { richBodyElements } from '../editor/cycle-sections.ts';
import { richToPlainText } from '../editor/section-content.ts';
import { buildSynthesis, excludedSynthesisRows, setRowInSynthesis } from './synthesis-model.ts';

function cycleDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Coopérative Test', year: 2026 }));
  return doc;
}

describe('the publishable synthesis', () => {
  it('lists all eight themes in order, with the rows that have objectives', () => {
    const doc = cycleDoc();
    const cycle = readCycle(doc);
    const row = cycle.rows[0]!;
    rowText(doc, row.id, 'target1y').insert(0, 'Atteindre 38,5 % de participation');
    const intro = cycle.sections.find((section) => section.kind === 'synthesis')!;
    sectionBody(doc, intro.id)!.insert(
      0,
      richBodyElements({
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Notre guide en bref’' }] }],
      }),
    );
    const synthesis = buildSynthesis(readCycle(doc), excludedSynthesisRows(doc));
    expect(synthesis.themes.map((theme) => theme.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(richToPlainText(synthesis.introduction)).toBe('Notre guide en bref’');
    const first = synthesis.themes[0]!;
    expect(first.rows.find((r) => r.id === row.id)?.target1y).toBe(
      'Atteindre 38,5 % de participation',
    );
    expect(first.rows.find((r) => r.id === row.id)?.domainNumber).toBe('1.1');
    expect(synthesis.complete).toBe(true);
  });

  it('reports a theme not retained without its reason as incomplete', () => {
    const doc = cycleDoc();
    const theme = readCycle(doc).themes[2]!;
    setThemeRetained(doc, theme.id, false);
    let synthesis = buildSynthesis(readCycle(doc));
    expect(synthesis.complete).toBe(false);
    expect(synthesis.problems).toEqual([
      { kind: 'not-retained-without-reason', themeNumber: theme.number },
    ]);
    expect(synthesis.themes[2]!.retained).toBe(false);
    expect(synthesis.themes[2]!.rows).toEqual([]);
    themeText(doc, theme.id, 'notRetainedReason').insert(0, 'Traité l’an prochain');
    synthesis = buildSynthesis(readCycle(doc));
    expect(synthesis.complete).toBe(true);
    expect(synthesis.themes[2]!.notRetainedReason).toBe('Traité l’an prochain');
  });

  it('leaves out the rows the group excluded, and brings them back', () => {
    const doc = cycleDoc();
    const [a, b] = readCycle(doc).rows;
    rowText(doc, a!.id, 'target3y').insert(0, 'Objectif A');
    rowText(doc, b!.id, 'target3y').insert(0, 'Objectif B');
    setRowInSynthesis(doc, a!.id, false);
    let ids = buildSynthesis(readCycle(doc), excludedSynthesisRows(doc)).themes.flatMap((t) =>
      t.rows.map((r) => r.id),
    );
    expect(ids).not.toContain(a!.id);
    expect(ids).toContain(b!.id);
    setRowInSynthesis(doc, a!.id, true);
    ids = buildSynthesis(readCycle(doc), excludedSynthesisRows(doc)).themes.flatMap((t) =>
      t.rows.map((r) => r.id),
    );
    expect(ids).toContain(a!.id);
  });
});
