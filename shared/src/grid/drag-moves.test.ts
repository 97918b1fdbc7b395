import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle, writeCycle } from '../schema/cycle-doc.ts';
import { cycleFromTemplate } from '../template/create-cycle.ts';
import { addRow } from './grid-ops.ts';
import { dropDomainOnDomain, dropRowOnRow } from './drag-moves.ts';

function newDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeCycle(doc, cycleFromTemplate({ organisationName: 'Coopérative l’Échappée', year: 2026 }));
  return doc;
}
const rowIds = (doc: Y.Doc, domainId: string) =>
  readCycle(doc)
    .rows.filter((r) => r.domainId === domainId)
    .map((r) => r.id);
const domainIds = (doc: Y.Doc, themeId: string) =>
  readCycle(doc)
    .domains.filter((d) => d.themeId === themeId)
    .map((d) => d.id);

describe('drag and drop: the dragged line takes the place of the line it is dropped on', () => {
  it('moves a row dropped further up before the target, further down after it', () => {
    const doc = newDoc();
    const domain = readCycle(doc).domains[0]!;
    addRow(doc, domain.id, { label: 'Part des salariés formés : 38,5 %' });
    const [a, b, c] = rowIds(doc, domain.id) as [string, string, string];
    expect(dropRowOnRow(doc, c, a)).toBe(true);
    expect(rowIds(doc, domain.id)).toEqual([c, a, b]);
    expect(dropRowOnRow(doc, c, b)).toBe(true);
    expect(rowIds(doc, domain.id)).toEqual([a, b, c]);
    expect(dropRowOnRow(doc, a, b)).toBe(true);
    expect(rowIds(doc, domain.id)).toEqual([b, a, c]);
    expect(dropRowOnRow(doc, a, a)).toBe(false);
  });

  it('moves a row into another domain at the target’s place', () => {
    const doc = newDoc();
    const [first, second] = readCycle(doc).domains;
    if (!first || !second) throw new Error('the template has domains');
    const moving = rowIds(doc, first.id)[0]!;
    const target = rowIds(doc, second.id)[0]!;
    expect(dropRowOnRow(doc, moving, target)).toBe(true);
    expect(rowIds(doc, second.id).slice(0, 2)).toEqual([moving, target]);
    expect(rowIds(doc, first.id)).not.toContain(moving);
  });

  it('moves a domain before a domain above it and after a domain below it, in its theme only', () => {
    const doc = newDoc();
    const themes = readCycle(doc).themes;
    const theme = themes[0]!;
    const ids = domainIds(doc, theme.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const [d1, d2, d3] = ids as [string, string, string];
    expect(dropDomainOnDomain(doc, d2, d1)).toBe(true);
    expect(domainIds(doc, theme.id).slice(0, 3)).toEqual([d2, d1, d3]);
    expect(dropDomainOnDomain(doc, d2, d3)).toBe(true);
    expect(domainIds(doc, theme.id).slice(0, 3)).toEqual([d1, d3, d2]);
    const elsewhere = domainIds(doc, themes[1]!.id)[0]!;
    expect(dropDomainOnDomain(doc, d1, elsewhere)).toBe(false);
    expect(domainIds(doc, theme.id)[0]).toBe(d1);
  });
});
