/**
 * A small message catalogue: French by default, English on request (remembered per browser).
 * Dates and numbers go through Intl with the same locale, so French users see 1 234,50 € and
 * 26/11/2026.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { fr, type MessageKey } from './fr.ts';
import { en } from './en.ts';
import { formatDate, pluralChoice } from './format.ts';

export type Locale = 'fr' | 'en';
const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };
const STORAGE_KEY = 'pilotis.locale';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  formatNumber(value: number): string;
  /**
   * `one` or `other` translated with `count` (and `values`), by the locale's plural rules:
   * "0 question" and "1 question" in French, "2 questions".
   */
  plural(
    count: number,
    one: MessageKey,
    other: MessageKey,
    values?: Record<string, string | number>,
  ): string;
  /** A date in the locale's short form: 26/11/2026. */
  formatDate(date: Date | string | number): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    document.documentElement.lang = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing: the choice lasts for this page only.
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const catalogue = catalogues[locale];
    const numberFormat = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB');
    const t: Translate = (key, values) =>
      catalogue[key].replace(/\{(\w+)\}/g, (match, name: string) =>
        values && name in values ? String(values[name]) : match,
      );
    return {
      locale,
      setLocale,
      t,
      formatNumber: (n) => numberFormat.format(n),
      plural: (count, one, other, values) =>
        t(pluralChoice(locale, count, one, other), {
          count: numberFormat.format(count),
          ...values,
        }),
      formatDate: (date) => formatDate(locale, date),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
