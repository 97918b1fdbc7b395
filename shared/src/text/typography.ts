/**
 * French typography: a narrow no-break space (U+202F) before ? ! ; and a no-break space (U+00A0)
 * before : and inside « ». Applied to the texts Pilotis writes itself (template, labels) so that a
 * question mark never wraps alone onto the next line of a cell, a PDF page or a projector.
 */
export function frenchTypography(text: string): string {
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
