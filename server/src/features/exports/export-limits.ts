/**
 * How large a cycle may be to be exported (issue 18 #4): beyond, the export is refused with a 413
 * and a French message instead of exhausting the renderer's memory and answering 500. A real
 * cycle has a few hundred rows and well under a million characters.
 */
import type { CycleModel } from '@pilotis/shared';
import { AppError } from '../../errors.ts';

export const EXPORT_LIMITS = {
  /** Themes, domains, rows, actions, sections and stakeholders together. */
  maxEntities: 20_000,
  /** Characters of text in the whole cycle. */
  maxCharacters: 8_000_000,
};

/** Entities and characters of a cycle (iterative, linear). */
export function exportSize(cycle: CycleModel): { entities: number; characters: number } {
  const entities =
    cycle.themes.length +
    cycle.domains.length +
    cycle.rows.length +
    cycle.actions.length +
    cycle.sections.length +
    cycle.stakeholders.length;
  let characters = 0;
  const stack: unknown[] = [cycle];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') characters += value.length;
    else if (value && typeof value === 'object') {
      for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push(child);
    }
  }
  return { entities, characters };
}

/** Throw a 413 when a cycle is too large to export. */
export function checkExportSize(cycle: CycleModel): void {
  const { entities, characters } = exportSize(cycle);
  if (entities > EXPORT_LIMITS.maxEntities || characters > EXPORT_LIMITS.maxCharacters) {
    throw new AppError(
      413,
      'export_too_large',
      'Ce cycle est trop volumineux pour être exporté : il dépasse de loin la taille d’un tableau de pilotage. Retirez les éléments ajoutés en masse puis réessayez.',
    );
  }
}
