import { describe, expect, it } from 'vitest';
import { keyBetween, keysAfter } from './order.ts';

describe('order keys', () => {
  it('always finds a key strictly between two neighbours', () => {
    let low: string | null = null;
    let high: string | null = null;
    const seen: string[] = [];
    // Repeatedly insert at the same place, alternating sides: the worst case for key growth.
    for (let i = 0; i < 200; i++) {
      const key = keyBetween(low, high);
      if (low !== null) expect(key > low).toBe(true);
      if (high !== null) expect(key < high).toBe(true);
      expect(key.endsWith('0')).toBe(false);
      seen.push(key);
      if (i % 2 === 0) low = key;
      else high = key;
    }
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('handles adjacent digits and keys that are prefixes of one another', () => {
    expect(keyBetween('a', 'b') > 'a').toBe(true);
    expect(keyBetween('a', 'b') < 'b').toBe(true);
    expect(keyBetween('a', 'a1') > 'a').toBe(true);
    expect(keyBetween('a', 'a1') < 'a1').toBe(true);
    expect(keyBetween(null, '01') < '01').toBe(true);
    expect(keyBetween('zz', null) > 'zz').toBe(true);
  });

  it('refuses an inverted interval', () => {
    expect(() => keyBetween('b', 'a')).toThrow();
    expect(() => keyBetween('a', 'a')).toThrow();
  });

  it('produces increasing runs', () => {
    const keys = keysAfter(null, 100);
    expect([...keys].sort()).toEqual(keys);
  });
});
