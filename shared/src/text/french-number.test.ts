import { describe, expect, it } from 'vitest';
import { formatFrenchNumber, parseFrenchNumber } from './french-number.ts';

describe('parseFrenchNumber', () => {
  it.each([
    ['38,5', 38.5, undefined],
    ['38.5', 38.5, undefined],
    ['385', 385, undefined],
    ['1 234,5', 1234.5, undefined],
    ['1\u00a0234,5', 1234.5, undefined],
    ['1\u202f234,5', 1234.5, undefined],
    ['12 345 678', 12345678, undefined],
    ['  42  ', 42, undefined],
    ['-3,25', -3.25, undefined],
    ['\u22123,25', -3.25, undefined],
    ['+7', 7, undefined],
    [',5', 0.5, undefined],
    ['0', 0, undefined],
    ['72 %', 72, '%'],
    ['72%', 72, '%'],
    ['38,5\u202f%', 38.5, '%'],
    ['1 234,50 €', 1234.5, '€'],
    ['1\u202f234,50\u00a0€', 1234.5, '€'],
    ['250 euros', 250, '€'],
    ['12 EUR', 12, '€'],
  ])('reads %j as %d', (input, value, unit) => {
    const parsed = parseFrenchNumber(input);
    expect(parsed).toEqual(unit ? { ok: true, value, unit } : { ok: true, value });
  });

  it.each(['', '   '])('reads %j as an empty field', (input) => {
    expect(parseFrenchNumber(input)).toEqual({ ok: true, value: null });
  });

  it.each(['abc', '38,5a', '1.234,5', '12,3,4', '12 34', '1  234', '%', '€', '-', ',', '3 4 5'])(
    'refuses %j with a French message',
    (input) => {
      const parsed = parseFrenchNumber(input);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/nombre/);
    },
  );
});

describe('formatFrenchNumber', () => {
  it.each([
    [38.5, undefined, '38,5'],
    [1234.5, undefined, '1\u202f234,5'],
    [72, '%', '72\u00a0%'],
    [1234.5, '€', '1\u202f234,50\u00a0€'],
    [-0.25, undefined, '-0,25'],
  ])('writes %d (%s) as %j', (value, unit, text) => {
    expect(formatFrenchNumber(value, unit)).toBe(text);
  });

  it('reads back what it writes', () => {
    for (const value of [0, 1, 38.5, 1234.5, 1234567.125, -42.75]) {
      for (const unit of [undefined, '%', '€'] as const) {
        const parsed = parseFrenchNumber(formatFrenchNumber(value, unit));
        expect(parsed.ok && parsed.value).toBe(
          unit === '€' ? Math.round(value * 100) / 100 : value,
        );
      }
    }
  });
});
