/**
 * French typography of people's text in the PDF and DOCX exports (issue 19): every string of the
 * export model goes through `frenchTypography(text, 'typed')` at render time, so a question mark,
 * a colon or a unit never wraps alone onto the next line. What is stored is never changed: this
 * works on a copy of the model, just before rendering.
 */
import { frenchTypography, type ExportModel } from '@pilotis/shared';

/** Keys whose strings are identifiers, codes or addresses, not prose: left exactly as they are. */
const VERBATIM = new Set([
  'kind',
  'type',
  'rowId',
  'href',
  'src',
  'url',
  'statusCode',
  'startIso',
  'dueIso',
  'id',
]);

function typeset(value: unknown, key: string): unknown {
  if (typeof value === 'string')
    return VERBATIM.has(key) ? value : frenchTypography(value, 'typed');
  if (Array.isArray(value)) return value.map((item) => typeset(item, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [name, typeset(inner, name)]),
    );
  }
  return value;
}

/**
 * A copy of the model with French no-break spaces in every prose string (labels, cells, sections,
 * actions, synthesis), node types, ids and links untouched. Idempotent.
 */
export function typesetExportModel(model: ExportModel): ExportModel {
  return typeset(model, '') as ExportModel;
}
