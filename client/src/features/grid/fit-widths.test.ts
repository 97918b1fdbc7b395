import { describe, expect, it } from 'vitest';
import { fitWidths } from './fit-widths.ts';

const sum = (widths: number[]) => widths.reduce((a, b) => a + b, 0);

describe('fitWidths', () => {
  it('keeps the preferred widths when they fit', () => {
    expect(fitWidths([100, 200], [50, 50], 400)).toEqual([100, 200]);
  });
  it('shrinks every column in proportion to what it has above its minimum', () => {
    const fitted = fitWidths([150, 250], [50, 50], 300);
    expect(sum(fitted)).toBeLessThanOrEqual(300);
    expect(fitted[0]).toBeGreaterThanOrEqual(50);
    expect(fitted[1]! - 50).toBeGreaterThan(fitted[0]! - 50);
  });
  it('never goes below the minimums (the grid then scrolls sideways)', () => {
    expect(fitWidths([150, 250], [100, 120], 100)).toEqual([100, 120]);
  });
  it('fits the default columns into a 1366 px laptop', () => {
    const preferred = [104, 130, 260, 220, 190, 190, 160, 150, 150, 56];
    const minimums = [80, 120, 140, 120, 120, 120, 150, 140, 100, 56];
    const fitted = fitWidths(preferred, minimums, 1300);
    expect(sum(fitted)).toBeLessThanOrEqual(1300);
    fitted.forEach((width, i) => expect(width).toBeGreaterThanOrEqual(minimums[i]!));
  });
  it('ignores an unknown width (not measured yet)', () => {
    expect(fitWidths([100, 200], [50, 50], 0)).toEqual([100, 200]);
  });
});
