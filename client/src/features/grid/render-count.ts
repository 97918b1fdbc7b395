/**
 * A count of grid line renders, for the bench (e2e/bench/grid-render.bench.ts): it installs
 * `window.__pilotisLineRenders = { theme: 0, domain: 0, row: 0, keys: [] }` before the page loads
 * and reads how many renders, and of which lines, each keystroke caused. Without it, this does
 * nothing.
 */
type LineKind = 'theme' | 'domain' | 'row';

export function countLineRender(kind: LineKind, key: string): void {
  const counts = (
    window as { __pilotisLineRenders?: Record<LineKind, number> & { keys: string[] } }
  ).__pilotisLineRenders;
  if (!counts) return;
  counts[kind] += 1;
  counts.keys.push(key);
}
