/**
 * Presence colours: a palette of 14 colours, distinct on a projector and each dark enough for a
 * white name tag (contrast ≥ 4.5:1, WCAG AA), assigned so that the people in one cycle never
 * share a colour while there are enough colours for everyone.
 */

export const PRESENCE_PALETTE = [
  '#1f5fa8', // blue
  '#b3261e', // red
  '#1b7a3a', // green
  '#6a3fb5', // violet
  '#a3326e', // magenta
  '#7a4a1e', // brown
  '#a34a00', // burnt orange
  '#0b6e7a', // teal
  '#3d4fb8', // indigo
  '#806000', // ochre
  '#4f6b00', // olive
  '#d81b60', // pink
  '#4a5568', // slate
  '#8b2f9e', // purple
] as const;

/** The palette slot a person prefers: stable for them, from their id. */
export function preferredSlot(key: string, size: number = PRESENCE_PALETTE.length): number {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % size;
}

/**
 * A colour for each person (by a stable key, their user id): each gets their preferred slot when
 * free, else the next free one. Everyone present is processed in the same (sorted) order, so every
 * screen computes the same colours. Colours repeat only when there are more people than colours.
 */
export function assignColors(
  keys: string[],
  palette: readonly string[] = PRESENCE_PALETTE,
): Map<string, string> {
  const unique = [...new Set(keys)].sort();
  const taken = new Set<number>();
  const result = new Map<string, string>();
  for (const key of unique) {
    if (taken.size === palette.length) taken.clear(); // more people than colours: reuse
    let slot = preferredSlot(key, palette.length);
    while (taken.has(slot)) slot = (slot + 1) % palette.length;
    taken.add(slot);
    result.set(key, palette[slot]!);
  }
  return result;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio between two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
