import { describe, expect, it } from 'vitest';
import { assignColors, contrast, PRESENCE_PALETTE } from './presence-colors.ts';

/** CIE76 distance in Lab between two #rrggbb colours: above ~20, clearly different colours. */
function deltaE(a: string, b: string): number {
  const lab = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((o) => {
      const v = parseInt(hex.slice(o, o + 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    const x = f((0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047);
    const y = f(0.2126 * r + 0.7152 * g + 0.0722 * bl);
    const z = f((0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883);
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)] as const;
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

describe('presence colours', () => {
  it('has at least 12 colours, each readable with a white name (≥ 4.5:1)', () => {
    expect(PRESENCE_PALETTE.length).toBeGreaterThanOrEqual(12);
    for (const color of PRESENCE_PALETTE) {
      expect(contrast(color, '#ffffff'), color).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast('#ff7f0e', '#ffffff')).toBeLessThan(4.5); // the old orange: 2.5:1
  });

  it('keeps every pair of palette colours distinct', () => {
    for (let i = 0; i < PRESENCE_PALETTE.length; i++) {
      for (let j = i + 1; j < PRESENCE_PALETTE.length; j++) {
        const [a, b] = [PRESENCE_PALETTE[i]!, PRESENCE_PALETTE[j]!];
        expect(deltaE(a, b), `${a} / ${b}`).toBeGreaterThan(15);
      }
    }
  });

  it('never gives two people the same colour while the palette allows', () => {
    for (let size = 2; size <= PRESENCE_PALETTE.length; size++) {
      const people = Array.from({ length: size }, (_, i) => `user-${size}-${i * 7919}`);
      const colors = assignColors(people);
      expect(new Set(colors.values()).size).toBe(size);
    }
  });

  it('gives the same colours on every screen, whatever order people arrived in', () => {
    const people = ['c3', 'a1', 'b2', 'd4', 'e5'];
    const one = assignColors(people);
    const other = assignColors([...people].reverse());
    expect([...one.entries()].sort()).toEqual([...other.entries()].sort());
  });

  it('resolves two people who prefer the same colour', () => {
    // Same preferred slot in a 2-colour palette: one of them moves to the other colour.
    const colors = assignColors(['a', 'c'], ['#000000', '#111111']);
    expect(new Set(colors.values()).size).toBe(2);
  });

  it('reuses colours only beyond the palette, and a person on two screens keeps one colour', () => {
    const many = Array.from({ length: PRESENCE_PALETTE.length + 3 }, (_, i) => `p${i}`);
    const colors = assignColors([...many, 'p0']);
    expect(colors.size).toBe(many.length);
    expect(new Set(colors.values()).size).toBe(PRESENCE_PALETTE.length);
  });
});
