/**
 * Keys of the projector view, as a pure function: what a key press does to the scroll position.
 */

export type PresentationCommand =
  | { type: 'scroll'; pages: number }
  | { type: 'scrollLines'; lines: number }
  | { type: 'theme'; delta: 1 | -1 }
  | { type: 'edge'; to: 'start' | 'end' }
  | { type: 'exit' };

/** The command for a key in presentation mode, or null (the browser's default). */
export function presentationKey(press: {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): PresentationCommand | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  switch (press.key) {
    case 'PageDown':
      return { type: 'scroll', pages: 1 };
    case 'PageUp':
      return { type: 'scroll', pages: -1 };
    case ' ':
      return { type: 'scroll', pages: press.shiftKey ? -1 : 1 };
    case 'ArrowDown':
      return { type: 'scrollLines', lines: 1 };
    case 'ArrowUp':
      return { type: 'scrollLines', lines: -1 };
    case 't':
    case 'T':
      return { type: 'theme', delta: press.shiftKey ? -1 : 1 };
    case 'Home':
      return { type: 'edge', to: 'start' };
    case 'End':
      return { type: 'edge', to: 'end' };
    case 'Escape':
      return { type: 'exit' };
    default:
      return null;
  }
}

/** A theme starting this close below the current position is the one being shown (its margin). */
const CURRENT_SLACK = 24;

/**
 * The scroll position of the next (`delta` 1) or previous (-1) theme, given the themes' top
 * offsets in the scrolled content; null when there is none. A theme starting within a few pixels
 * of the current position (its top margin) counts as the current one.
 */
export function themeTarget(tops: number[], scrollTop: number, delta: 1 | -1): number | null {
  if (delta === 1) return tops.find((top) => top > scrollTop + CURRENT_SLACK) ?? null;
  const before = tops.filter((top) => top < scrollTop - 2);
  return before.length > 0 ? before[before.length - 1]! : null;
}
