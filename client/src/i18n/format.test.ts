import { describe, expect, it } from 'vitest';
import { formatDate, pluralChoice } from './format.ts';

// Guyane, west of Greenwich: a calendar day read as midnight in London would show the day before.
process.env.TZ = 'America/Cayenne';

describe('plurals and dates', () => {
  it('uses the singular for 0 and 1 in French, for 1 only in English', () => {
    expect([0, 1, 1.5, 2, 10].map((n) => pluralChoice('fr', n, 'one', 'other'))).toEqual([
      'one',
      'one',
      'one',
      'other',
      'other',
    ]);
    expect([0, 1, 2].map((n) => pluralChoice('en', n, 'one', 'other'))).toEqual([
      'other',
      'one',
      'other',
    ]);
  });
  it('writes dates the French way', () => {
    expect(formatDate('fr', new Date(2026, 10, 26))).toBe('26/11/2026');
    expect(formatDate('fr', new Date(2026, 0, 5).getTime())).toBe('05/01/2026');
    expect(formatDate('en', new Date(2026, 10, 26))).toBe('26/11/2026');
  });
  it('writes a calendar day as that day, west of Greenwich too', () => {
    expect(formatDate('fr', '2027-01-31')).toBe('31/01/2027');
  });
});
