/**
 * Locale-aware plurals and dates, through Intl (no hand-written rules): in French 0 and 1 take the
 * singular ("0 question"), in English only 1 does; dates read 26/11/2026 in French.
 */

const pluralRules = new Map<string, Intl.PluralRules>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The BCP 47 tag of a catalogue locale. */
export function localeTag(locale: 'fr' | 'en'): string {
  return locale === 'fr' ? 'fr-FR' : 'en-GB';
}

/** Which of two messages fits `count`: `one` for the singular category of the locale, else `other`. */
export function pluralChoice<K>(locale: 'fr' | 'en', count: number, one: K, other: K): K {
  const tag = localeTag(locale);
  let rules = pluralRules.get(tag);
  if (!rules) pluralRules.set(tag, (rules = new Intl.PluralRules(tag)));
  return rules.select(count) === 'one' ? one : other;
}

/** A date as the locale writes it: 26/11/2026 in French. Accepts a Date, an ISO string or a time. */
export function formatDate(locale: 'fr' | 'en', date: Date | string | number): string {
  const tag = localeTag(locale);
  let format = dateFormats.get(tag);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, { day: '2-digit', month: '2-digit', year: 'numeric' });
    dateFormats.set(tag, format);
  }
  return format.format(asDate(date));
}

/** A calendar day ("2027-01-31") is that day where the reader is, not midnight in London. */
function asDate(date: Date | string | number): Date {
  if (date instanceof Date) return date;
  const day = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (day) return new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  return new Date(date);
}
