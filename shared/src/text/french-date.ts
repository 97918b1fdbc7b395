/**
 * Dates as French speakers type them ("26/11/2026", "5/1/27") or as a date picker or a spreadsheet
 * gives them (ISO "2026-11-26"). Stored as ISO days (YYYY-MM-DD). Used by the action plan's fields,
 * the twelve steps, the quarterly reviews and the import of an action plan sheet.
 */

export const INVALID_DATE_MESSAGE =
  'Date non reconnue : écrivez-la jj/mm/aaaa, par exemple 26/11/2026.';

export type ParsedDate = { ok: true; value: string | null } | { ok: false; message: string };

function isoOf(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * An ISO date from "26/11/2026", "26-11-2026", "26.11.26" (two-digit years are 20xx) or
 * "2026-11-26"; "" is null. An impossible date (31/02) is refused with a French message.
 */
export function parseFrenchDate(input: string): ParsedDate {
  const text = input.trim();
  if (text === '') return { ok: true, value: null };
  let iso: string | null = null;
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (french) {
    const year = french[3]!.length === 2 ? 2000 + Number(french[3]) : Number(french[3]);
    iso = isoOf(year, Number(french[2]), Number(french[1]));
  } else if (isoMatch) {
    iso = isoOf(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
  }
  return iso ? { ok: true, value: iso } : { ok: false, message: INVALID_DATE_MESSAGE };
}
