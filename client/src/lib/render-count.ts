/**
 * Render counts for the benches (e2e/bench/texts-typing.bench.ts): a bench installs
 * `window.__pilotisRenders = {}` before the page loads and reads how many times each counted
 * component rendered. Without it, this does nothing.
 */
export function countRender(name: string): void {
  const counts = (window as { __pilotisRenders?: Record<string, number> }).__pilotisRenders;
  if (counts) counts[name] = (counts[name] ?? 0) + 1;
}
