import { describe, expect, it } from 'vitest';
import { presentationKey, themeTarget } from './presentation-keys.ts';

const press = (key: string, shiftKey = false, ctrlKey = false) => ({
  key,
  shiftKey,
  ctrlKey,
  metaKey: false,
  altKey: false,
});

describe('presentation keys', () => {
  it('scrolls a page with PageDown, Space, and back with PageUp, Maj+Espace', () => {
    expect(presentationKey(press('PageDown'))).toEqual({ type: 'scroll', pages: 1 });
    expect(presentationKey(press(' '))).toEqual({ type: 'scroll', pages: 1 });
    expect(presentationKey(press('PageUp'))).toEqual({ type: 'scroll', pages: -1 });
    expect(presentationKey(press(' ', true))).toEqual({ type: 'scroll', pages: -1 });
    expect(presentationKey(press('ArrowDown'))).toEqual({ type: 'scrollLines', lines: 1 });
  });
  it('jumps theme to theme with T and Maj+T, leaves with Esc, ignores shortcuts', () => {
    expect(presentationKey(press('t'))).toEqual({ type: 'theme', delta: 1 });
    expect(presentationKey(press('T', true))).toEqual({ type: 'theme', delta: -1 });
    expect(presentationKey(press('Escape'))).toEqual({ type: 'exit' });
    expect(presentationKey(press('t', false, true))).toBeNull();
    expect(presentationKey(press('x'))).toBeNull();
  });
  it('finds the next and previous theme from the scroll position', () => {
    const tops = [0, 800, 1900, 3000];
    expect(themeTarget(tops, 0, 1)).toBe(800);
    expect(themeTarget(tops, 801, 1)).toBe(1900);
    expect(themeTarget(tops, 1900, -1)).toBe(800);
    expect(themeTarget(tops, 1000, -1)).toBe(800);
    expect(themeTarget(tops, 3000, 1)).toBeNull();
    expect(themeTarget(tops, 0, -1)).toBeNull();
    // The first theme's heading has a margin: at the top, T goes to the second theme.
    expect(themeTarget([10, 953, 1615], 0, 1)).toBe(953);
    expect(themeTarget([10, 953, 1615], 1615, -1)).toBe(953);
  });
});
