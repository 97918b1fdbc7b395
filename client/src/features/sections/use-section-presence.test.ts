import { describe, expect, it } from 'vitest';
import { samePresence, type SectionPresence } from './use-section-presence.ts';

const anne: SectionPresence = { clientId: 1, name: 'Anne', color: '#1f5f8b', self: true };
const paul: SectionPresence = { clientId: 2, name: 'Paul', color: '#8b1f5f', self: false };

describe('who is in which section', () => {
  it('is the same after a caret move (same people in the same sections)', () => {
    const before = new Map([['s1', [anne, paul]]]);
    expect(samePresence(before, new Map([['s1', [{ ...anne }, { ...paul }]]]))).toBe(true);
  });

  it('differs when someone changes section, leaves, or changes name or colour', () => {
    const before = new Map([['s1', [anne, paul]]]);
    expect(
      samePresence(
        before,
        new Map([
          ['s1', [anne]],
          ['s2', [paul]],
        ]),
      ),
    ).toBe(false);
    expect(samePresence(before, new Map([['s1', [anne]]]))).toBe(false);
    expect(samePresence(before, new Map([['s1', [anne, { ...paul, color: '#000000' }]]]))).toBe(
      false,
    );
    expect(samePresence(before, new Map([['s1', [anne, { ...paul, name: 'Paule' }]]]))).toBe(false);
  });
});
