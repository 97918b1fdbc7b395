/**
 * The stakeholder map (§2.8 « cartographie des parties prenantes »): French labels, the 2×2
 * reading (influence × involvement) and the edits of the `stakeholders` collection.
 */
import * as Y from 'yjs';
import { ROOT } from '../schema/keys.ts';
import { byOrder, keyBetween } from '../schema/order.ts';
import { newId } from '../schema/ids.ts';
import {
  STAKEHOLDER_CATEGORIES,
  type Stakeholder,
  type StakeholderCategory,
} from '../schema/cycle.types.ts';

export const STAKEHOLDER_CATEGORY_LABELS_FR: Record<StakeholderCategory, string> = {
  salaries: 'Salariés',
  administrateurs: 'Administrateurs',
  benevoles: 'Bénévoles',
  usagers: 'Usagers / bénéficiaires',
  financeurs: 'Financeurs',
  partenaires: 'Partenaires',
  territoire: 'Territoire',
  autre: 'Autre',
};

/** The French label of a category; a free text stored by older versions is shown as typed. */
export function stakeholderCategoryLabel(category: string): string {
  return (STAKEHOLDER_CATEGORIES as readonly string[]).includes(category)
    ? STAKEHOLDER_CATEGORY_LABELS_FR[category as StakeholderCategory]
    : category;
}

/** Levels of influence and involvement: 1 (faible) to 4 (très fort). */
export const STAKEHOLDER_LEVELS = [1, 2, 3, 4] as const;

/** The four quadrants of the map, as [influence high?, involvement high?]. */
export type StakeholderQuadrant = 'key' | 'satisfy' | 'inform' | 'monitor';

export const QUADRANT_LABELS_FR: Record<StakeholderQuadrant, string> = {
  key: 'Acteurs clés : associer étroitement',
  satisfy: 'Influents peu impliqués : consulter',
  inform: 'Impliqués peu influents : informer et faire participer',
  monitor: 'Peu influents, peu impliqués : tenir informés',
};

/**
 * Where a stakeholder sits on the 2×2 map: influence and involvement of 3 or 4 count as high.
 * Null when either is not assessed yet.
 */
export function stakeholderQuadrant(
  stakeholder: Pick<Stakeholder, 'influence' | 'involvement'>,
): StakeholderQuadrant | null {
  const { influence, involvement } = stakeholder;
  if (!influence || !involvement) return null;
  const high = (level: number) => level >= 3;
  if (high(influence)) return high(involvement) ? 'key' : 'satisfy';
  return high(involvement) ? 'inform' : 'monitor';
}

function collection(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(ROOT.stakeholders);
}

/** Add a stakeholder at the end of the list; returns its id. */
export function addStakeholder(doc: Y.Doc, name: string, category: StakeholderCategory): string {
  const orders: { id: string; order: string }[] = [];
  collection(doc).forEach((map, id) => {
    if (map instanceof Y.Map) orders.push({ id, order: String(map.get('order') ?? '') });
  });
  orders.sort(byOrder);
  const map = new Y.Map<unknown>();
  map.set('order', keyBetween(orders.at(-1)?.order ?? null, null));
  map.set('name', new Y.Text(name));
  map.set('category', category);
  map.set('relation', new Y.Text(''));
  map.set('participation', new Y.Text(''));
  map.set('influence', null);
  map.set('involvement', null);
  const id = newId();
  collection(doc).set(id, map);
  return id;
}

/** Set a typed field of a stakeholder (category, influence, involvement). */
export function setStakeholderField(
  doc: Y.Doc,
  id: string,
  field: 'category' | 'influence' | 'involvement',
  value: string | number | null,
): void {
  const map = collection(doc).get(id);
  if (!(map instanceof Y.Map)) return;
  if (field === 'category') {
    if ((STAKEHOLDER_CATEGORIES as readonly unknown[]).includes(value)) map.set(field, value);
    return;
  }
  map.set(field, typeof value === 'number' && value >= 1 && value <= 4 ? value : null);
}

/** Delete a stakeholder (the caller makes it one undoable step). */
export function deleteStakeholder(doc: Y.Doc, id: string): void {
  collection(doc).delete(id);
}
