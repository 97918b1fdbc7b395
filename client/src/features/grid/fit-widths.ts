/**
 * Fitting the grid's columns into the width a screen has (a 1366 px laptop shows every column):
 * when the preferred widths are too wide, every column gives up part of what it has above its
 * minimum, in proportion; below the sum of minimums nothing shrinks further and the grid scrolls
 * sideways instead.
 */

/** The widths to display for `preferred` widths in `available` pixels (each ≥ its minimum). */
export function fitWidths(preferred: number[], minimums: number[], available: number): number[] {
  const total = preferred.reduce((sum, width) => sum + width, 0);
  if (!(available > 0) || total <= available) return preferred;
  const floors = preferred.map((width, i) => Math.min(width, minimums[i] ?? width));
  const floorTotal = floors.reduce((sum, width) => sum + width, 0);
  if (floorTotal >= available) return floors;
  const slack = total - floorTotal;
  const keep = (available - floorTotal) / slack;
  return preferred.map((width, i) => Math.floor(floors[i]! + (width - floors[i]!) * keep));
}
