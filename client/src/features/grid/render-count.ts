/**
 * A count of grid line renders, for the bench (e2e/bench/grid-render.bench.ts): it installs
 * `window.__pilotisLineRenders = { theme: 0, domain: 0, row: 0 }` before the page loads and reads
 * how many line components rendered per keystroke. Without it, this does nothing.
 */
type LineKind = 'theme' | 'domain' | 'row';

export function countLineRender(kind: LineKind): void {
  const counts = (window as { __pilotisLineRenders?: Record<LineKind, number> })
    .__pilotisLineRenders;
  if (counts) counts[kind] += 1;
}
