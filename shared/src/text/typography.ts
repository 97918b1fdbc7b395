/** Units written after a number that must not be separated from it at a line break. */
const UNITS =
  '€|k€|M€|\\$|%|‰|°C|°|h|min|s|km|m²|m³|m|cm|kg|g|t|L|l|kWh|MWh|jours?|j|mois|ans?|semaines?|heures?|ETP|personnes?|adhérents?|bénévoles?|salariés?|places?|repas';
const NUMBER_UNIT = new RegExp(`(\\d)[ \\u00a0](${UNITS})(?![\\p{L}\\d])`, 'gu');

/**
 * French typography: a narrow no-break space (U+202F) before ? ! ; and a no-break space (U+00A0)
 * before : and inside « ». Applied to the texts Pilotis writes itself (template, labels) so that a
 * question mark never wraps alone onto the next line of a cell, a PDF page or a projector.
 *
 * `mode: 'typed'` is for text typed by people, applied when rendering an export (never stored):
 * only a space they typed becomes a no-break one (so "site.fr?a=1", "12:30" or ";)" stay as they
 * are; line breaks are kept), and a number keeps its unit ("80 %", "1 500 €", "15 jours") and its
 * thousands groups on the same line.
 */
export function frenchTypography(text: string, mode: 'labels' | 'typed' = 'labels'): string {
  if (mode === 'typed') {
    return text
      .replace(/(\S)[ \u00a0\u202f]+([?!;])/g, '$1\u202f$2')
      .replace(/(\S)[ \u00a0\u202f]+:(?=[ \t\n]|$)/g, '$1\u00a0:')
      .replace(/«[ \u00a0\u202f]+/g, '«\u00a0')
      .replace(/[ \u00a0\u202f]+»/g, '\u00a0»')
      .replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u202f')
      .replace(NUMBER_UNIT, (_match, digit: string, unit: string) =>
        unit === '%' || unit === '‰' ? `${digit}\u202f${unit}` : `${digit}\u00a0${unit}`,
      );
  }
  return text
    .replace(/[ \u00a0\u202f]*([?!;])/g, '\u202f$1')
    .replace(/[ \u00a0\u202f]*:(?=\s|$)/g, '\u00a0:')
    .replace(/«[ \u00a0\u202f]*/g, '«\u00a0')
    .replace(/[ \u00a0\u202f]*»/g, '\u00a0»');
}

/**
 * Straight apostrophes (and the look-alikes ‘ ` ´ ʼ) between two letters become the French
 * typographic apostrophe ’, so text imported from a spreadsheet sits next to the app's own
 * ("l'assemblée" → "l’assemblée"). Quotes around a word ('ainsi') are left alone.
 */
export function frenchApostrophes(text: string): string {
  return text.replace(/(\p{L})['‘`´ʼ](?=\p{L})/gu, '$1’');
}
