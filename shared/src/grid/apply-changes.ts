/**
 * Bring a live cycle document to a target model without rebuilding it: new entities are added,
 * changed fields are edited in place (texts by minimal diff, so someone typing in the same cell
 * keeps their characters), nothing is deleted. Used to confirm an import into a cycle that people
 * may be editing at that moment.
 */
import type * as Y from 'yjs';
import { buildEntity, entityRoot, readCycle, textOf, type EntityMap } from '../schema/cycle-doc.ts';
import { TEXT_FIELDS } from '../schema/keys.ts';
import type { CycleModel } from '../schema/cycle.types.ts';
import { setTextByDiff } from '../text/text-diff.ts';

type Root = 'themes' | 'domains' | 'rows';

function sync(
  map: EntityMap,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  textFields: readonly string[],
) {
  for (const [field, value] of Object.entries(after)) {
    if (field === 'id' || before[field] === value) continue;
    if (textFields.includes(field)) {
      setTextByDiff(textOf(map, field), String(value ?? ''));
    } else if (JSON.stringify(before[field]) !== JSON.stringify(value)) {
      map.set(field, value);
    }
  }
}

/** Apply the differences between the document and `target` (themes, domains, rows). */
export function applyModelChanges(
  doc: Y.Doc,
  target: Pick<CycleModel, Root>,
): { added: number; updated: number } {
  const current = readCycle(doc);
  let added = 0;
  let updated = 0;
  doc.transact(() => {
    for (const root of ['themes', 'domains', 'rows'] as const) {
      const existing = new Map<string, Record<string, unknown>>(
        (current[root] as unknown as Record<string, unknown>[]).map((item) => [
          item.id as string,
          item,
        ]),
      );
      const maps = entityRoot(doc, root);
      for (const item of target[root] as unknown as Record<string, unknown>[]) {
        const id = item.id as string;
        const before = existing.get(id);
        const map = maps.get(id);
        if (!before || !map) {
          maps.set(id, buildEntity({ ...item }, TEXT_FIELDS[root]));
          added++;
        } else if (JSON.stringify(before) !== JSON.stringify(item)) {
          sync(map, before, item, TEXT_FIELDS[root]);
          updated++;
        }
      }
    }
  });
  return { added, updated };
}
