import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCycle } from '../schema/cycle-doc.ts';
import {
  addStakeholder,
  deleteStakeholder,
  setStakeholderField,
  stakeholderCategoryLabel,
  stakeholderQuadrant,
} from './stakeholders.ts';

describe('the stakeholder map', () => {
  it('adds, edits and places stakeholders on the 2×2 map', () => {
    const doc = new Y.Doc();
    const id = addStakeholder(doc, 'Bénévoles d’accueil', 'benevoles');
    setStakeholderField(doc, id, 'influence', 2);
    setStakeholderField(doc, id, 'involvement', 4);
    setStakeholderField(doc, id, 'influence', 9); // out of range: cleared
    setStakeholderField(doc, id, 'category', 'pirates'); // unknown: ignored
    const [read] = readCycle(doc).stakeholders;
    expect(read).toMatchObject({
      name: 'Bénévoles d’accueil',
      category: 'benevoles',
      influence: null,
      involvement: 4,
    });
    expect(stakeholderQuadrant(read!)).toBeNull();
    expect(stakeholderQuadrant({ influence: 4, involvement: 4 })).toBe('key');
    expect(stakeholderQuadrant({ influence: 3, involvement: 1 })).toBe('satisfy');
    expect(stakeholderQuadrant({ influence: 1, involvement: 3 })).toBe('inform');
    expect(stakeholderQuadrant({ influence: 2, involvement: 2 })).toBe('monitor');
    expect(stakeholderCategoryLabel('usagers')).toBe('Usagers / bénéficiaires');
    expect(stakeholderCategoryLabel('interne')).toBe('interne');
    deleteStakeholder(doc, id);
    expect(readCycle(doc).stakeholders).toEqual([]);
  });
});
