/**
 * What restoring one row from a version would do, for the preview shown before « Restaurer cette
 * ligne »: per compared cell the current value and the version's value, and the outcome (nothing
 * to restore, cells changed, the row re-created, its domain brought back, its place changed). Built
 * on `compareCycles` — the same model as the version comparison — narrowed to the row.
 */
import { domainNumbers } from '../schema/cycle-doc.ts';
import type { CycleModel } from '../schema/cycle.types.ts';
import {
  compareCycles,
  COMPARED_ROW_FIELDS,
  type CellValue,
  type ComparedRowField,
} from './compare.ts';

export interface RowRestoreCell {
  field: ComparedRowField;
  /** The live value; null when the row is not in the live cycle (deleted since). */
  current: CellValue;
  /** The value the restore writes. */
  version: CellValue;
  changed: boolean;
}

/**
 * - `absent`: the row is not in the version — nothing can be restored from it.
 * - `same`: the row is in both and nothing the restore writes differs — nothing to do.
 * - `update`: the row is in both; the cells marked `changed` (and/or its place) come back.
 * - `recreate`: the row is not in the live cycle (deleted since, or never there): it comes back
 *   with the version's values (out of the Corbeille when it is there).
 */
export type RowRestoreOutcome = 'absent' | 'same' | 'update' | 'recreate';

export interface RowRestorePreview {
  outcome: RowRestoreOutcome;
  /** Every compared field, in column order; empty when `absent`. */
  cells: RowRestoreCell[];
  /** The row goes back to another domain or another place within its domain. */
  moved: boolean;
  /** Its domain in the version is not in the live cycle (deleted since): it comes back too. */
  domainRestored: boolean;
  /** The row's label and domain number ("1.3") as the version has them; "" when `absent`. */
  label: string;
  domainNumber: string;
}

/** The preview of restoring row `rowId` of `version` into `current` (the live cycle's model). */
export function previewRowRestore(
  current: CycleModel,
  version: CycleModel,
  rowId: string,
): RowRestorePreview {
  const target = version.rows.find((row) => row.id === rowId);
  if (!target)
    return {
      outcome: 'absent',
      cells: [],
      moved: false,
      domainRestored: false,
      label: '',
      domainNumber: '',
    };
  // Live → version: "before" is what is there now, "after" what the restore brings.
  const comparison = compareCycles(current, version);
  const live = current.rows.find((row) => row.id === rowId);
  const changed = new Map(
    comparison.cells.filter((cell) => cell.rowId === rowId).map((cell) => [cell.field, cell]),
  );
  const cells = COMPARED_ROW_FIELDS.map((field): RowRestoreCell => ({
    field,
    current: live ? live[field] : null,
    version: target[field],
    changed: live ? changed.has(field) : target[field] !== null && target[field] !== '',
  }));
  const moved = comparison.rowsMoved.includes(rowId);
  const domainRestored = !current.domains.some((domain) => domain.id === target.domainId);
  const outcome: RowRestoreOutcome = !live
    ? 'recreate'
    : changed.size > 0 || moved
      ? 'update'
      : 'same';
  return {
    outcome,
    cells,
    moved,
    domainRestored,
    label: target.label,
    domainNumber: domainNumbers(version.themes, version.domains).get(target.domainId) ?? '',
  };
}
