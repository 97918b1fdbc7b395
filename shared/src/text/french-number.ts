/**
 * The one parser and formatter for numbers people type (a row's value, a budget, an action's
 * amount) and numbers read from a spreadsheet: decimal comma (a dot is accepted too), thousands
 * separated by a space, U+00A0 or U+202F, an optional "%" or "€" after the number. A number field
 * never guesses: what does not read as a number is refused with a French message and nothing is
 * stored (an `<input type=number>` in a French browser turned "38,5" into 385).
 */

export type NumberUnit = '%' | '€';

export type ParsedNumber =
  { ok: true; value: number | null; unit?: NumberUnit } | { ok: false; message: string };

/** The French message shown under a field that holds something other than a number. */
export const INVALID_NUMBER_MESSAGE =
  'Ce n’est pas un nombre : écrivez par exemple 38,5 ou 1 234,50 (virgule pour les décimales).';

const SPACES = '[ \\u00a0\\u202f\\u2009]';
const NUMBER = new RegExp(
  `^([-+\\u2212])?${SPACES}*` +
    // Integer part: plain digits, or groups of three separated by one space of any kind.
    `(\\d{1,3}(?:${SPACES}\\d{3})+|\\d*)` +
    // Decimal part: a comma, or a dot (typed on a numeric keypad, or English habit).
    `(?:[,.](\\d+))?` +
    `${SPACES}*(%|€|eur|euros?)?$`,
  'i',
);

/**
 * Read a French-typed number. Empty (or blank) input is `{ok: true, value: null}`: the field is
 * cleared. "1 234,5" → 1234.5; "38,5 %" → 38.5 with unit "%"; "1 234,50 €" → 1234.5 with unit
 * "€"; "1.234,5" and "12,3,4" are refused (ambiguous), as are letters.
 */
export function parseFrenchNumber(input: string): ParsedNumber {
  const text = input.trim();
  if (!text) return { ok: true, value: null };
  const match = NUMBER.exec(text);
  if (!match) return { ok: false, message: INVALID_NUMBER_MESSAGE };
  const [, sign, integer = '', decimals, unitText] = match;
  if (!integer && !decimals) return { ok: false, message: INVALID_NUMBER_MESSAGE };
  const digits = integer.replace(/\D/g, '') || '0';
  const value = Number(`${digits}${decimals ? `.${decimals}` : ''}`);
  if (!Number.isFinite(value)) return { ok: false, message: INVALID_NUMBER_MESSAGE };
  const signed = sign === '-' || sign === '\u2212' ? -value : value;
  const result: ParsedNumber = { ok: true, value: Object.is(signed, -0) ? 0 : signed };
  if (unitText) result.unit = unitText === '%' ? '%' : '€';
  return result;
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * A number the French way: "1 234,5" (U+202F between thousands, as Intl writes it), with up to 6
 * decimals (a typed value is shown as typed) or exactly `fractionDigits` when given (a spreadsheet
 * format "0.00" → "12,50"); the unit after a no-break space when given ("72 %"); euros always
 * with two decimals ("1 234,50 €").
 */
export function formatFrenchNumber(value: number, unit?: string, fractionDigits?: number): string {
  if (unit === '€') {
    return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(value);
  }
  const key = String(fractionDigits ?? 'auto');
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(
      'fr-FR',
      fractionDigits === undefined
        ? { maximumFractionDigits: 6 }
        : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits },
    );
    formats.set(key, format);
  }
  const text = format.format(value);
  return unit ? `${text}\u00a0${unit}` : text;
}

// ── amounts (issue 14: the action plan's budgets use this parser too) ──

export type AmountErrorCode = 'amount-invalid' | 'amount-negative';

export const AMOUNT_ERRORS_FR: Record<AmountErrorCode, string> = {
  'amount-invalid': 'Montant non reconnu : écrivez par exemple 1 234,50.',
  'amount-negative': 'Un montant ne peut pas être négatif.',
};

export type ParsedAmount =
  { ok: true; value: number | null } | { ok: false; code: AmountErrorCode; message: string };

/**
 * An amount in euros, read by `parseFrenchNumber` ("1 234,50", "12 500 €", "1234.5"); "" is null
 * (no amount). A percentage or anything that is not a number is 'amount-invalid', a negative
 * amount 'amount-negative'. Rounded to the cent.
 */
export function parseFrenchAmount(input: string): ParsedAmount {
  const parsed = parseFrenchNumber(input);
  const refuse = (code: AmountErrorCode): ParsedAmount => ({
    ok: false,
    code,
    message: AMOUNT_ERRORS_FR[code],
  });
  if (!parsed.ok || parsed.unit === '%') return refuse('amount-invalid');
  if (parsed.value === null) return { ok: true, value: null };
  if (parsed.value < 0) return refuse('amount-negative');
  return { ok: true, value: Math.round(parsed.value * 100) / 100 };
}

/** An amount as put back into its field: 1234.5 → "1 234,5" (no € sign); null → "". */
export function amountInputText(value: number | null): string {
  return value === null ? '' : formatFrenchNumber(value);
}
