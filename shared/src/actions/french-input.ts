/**
 * French input for the action plan: amounts typed as "1 234,50", "12 500 €" or "1234.5", dates
 * typed as "26/11/2026" (or picked as ISO). Local to the action plan until the shared French
 * number parser of shared/src/text lands; then this file should delegate to it.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: InputErrorCode };

export type InputErrorCode = 'amount-invalid' | 'amount-negative' | 'date-invalid';

/** French messages of the input errors (the client shows its catalogue's copy of them). */
export const INPUT_ERRORS_FR: Record<InputErrorCode, string> = {
  'amount-invalid': 'Montant non reconnu : écrivez par exemple 1 234,50.',
  'amount-negative': 'Un montant ne peut pas être négatif.',
  'date-invalid': 'Date non reconnue : écrivez-la jj/mm/aaaa, par exemple 26/11/2026.',
};

/**
 * An amount in euros from what a French speaker types. Spaces of any kind (thousands), a
 * trailing or leading "€" or "EUR", a decimal comma or point are accepted; "" is null (no
 * amount). A minus sign gives 'amount-negative'; anything else that is not a number gives
 * 'amount-invalid'. Rounded to the cent.
 */
export function parseAmountFr(input: string): Parsed<number | null> {
  let text = input
    .normalize('NFKC')
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/€|eur(os?)?$/i, '');
  if (text === '') return { ok: true, value: null };
  const negative = /^[-−–]/.test(text);
  if (negative) text = text.slice(1);
  // "1.234,50" (dots as thousands) or "1,234.50" are ambiguous enough to be refused only when
  // both separators appear in the wrong order; the common French forms pass.
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) text = text.replace(/\./g, '');
  text = text.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text) && !/^\.\d+$/.test(text))
    return { ok: false, code: 'amount-invalid' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, code: 'amount-invalid' };
  if (negative && value !== 0) return { ok: false, code: 'amount-negative' };
  return { ok: true, value: Math.round(value * 100) / 100 };
}

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
 * An ISO date (YYYY-MM-DD) from "26/11/2026", "26-11-2026", "26.11.26" (two-digit years are
 * 20xx) or "2026-11-26"; "" is null. An impossible date (31/02) is 'date-invalid'.
 */
export function parseDateFr(input: string): Parsed<string | null> {
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
  return iso ? { ok: true, value: iso } : { ok: false, code: 'date-invalid' };
}

/** An amount as typed back into its field: "1 234,5" → "1234,50"-style without the € sign. */
export function amountInputText(value: number | null): string {
  if (value === null) return '';
  return value.toLocaleString('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
}
