/**
 * Render counts for the browser benches; without the bench's global, each call does nothing.
 *
 * `countRender` (e2e/bench/texts-typing.bench.ts): a bench installs
 * `window.__pilotisRenders = {}` before the page loads and reads how many times each counted
 * component rendered. Without it, this does nothing.
 */
export function countRender(name: string): void {
  const counts = (window as { __pilotisRenders?: Record<string, number> }).__pilotisRenders;
  if (counts) counts[name] = (counts[name] ?? 0) + 1;
}

type LineKind = 'theme' | 'domain' | 'row';

/**
 * Grid line renders (e2e/bench/grid-render.bench.ts): the bench installs
 * `window.__pilotisLineRenders = { theme: 0, domain: 0, row: 0, keys: [] }` before the page loads
 * and reads how many renders, and of which lines, each keystroke caused.
 */
export function countLineRender(kind: LineKind, key: string): void {
  const counts = (
    window as { __pilotisLineRenders?: Record<LineKind, number> & { keys: string[] } }
  ).__pilotisLineRenders;
  if (!counts) return;
  counts[kind] += 1;
  counts.keys.push(key);
}
