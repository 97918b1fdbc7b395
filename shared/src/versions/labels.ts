/**
 * French names of the compared row fields and their values, for the "ce qui a changé" exports
 * (the UI uses the i18n catalogue).
 */
import { formatNumberFr } from '../export/export-model.ts';
import type { CellValue, ComparedRowField } from './compare.ts';

export const ROW_FIELD_LABELS_FR: Record<ComparedRowField, string> = {
  label: 'Question ou indicateur',
  kind: 'Type',
  nature: 'Nature',
  unit: 'Unité',
  baseline: 'État des lieux (N0)',
  baselineValue: 'Valeur mesurée',
  target1y: 'Objectif à 1 an',
  target3y: 'Objectif à 3 ans',
  treated: 'Traitée',
  notTreatedReason: 'Raison (non traitée)',
  sources: 'Sources',
};

const CHOICES_FR: Record<string, string> = {
  question: 'Question',
  indicator: 'Indicateur',
  qualitative: 'Qualitative',
  quantitative: 'Quantitative',
};

/** A cell value as a French reader expects it: "Oui"/"Non", "38,5", "Indicateur", "" for empty. */
export function cellValueFr(field: ComparedRowField, value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (typeof value === 'number') return formatNumberFr(value);
  if (field === 'kind' || field === 'nature') return CHOICES_FR[value] ?? value;
  return value;
}
