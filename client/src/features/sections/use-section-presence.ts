/**
 * Which section each person is in, through Yjs awareness (field `section`), beside the grid's
 * presence fields. The same identity (name, colour) as everywhere else.
 */
import { useEffect, useState } from 'react';
import type { HocuspocusProvider } from '@hocuspocus/provider';

export interface SectionPresence {
  clientId: number;
  name: string;
  color: string;
  self: boolean;
}

/** Same people in the same sections, with the same names and colours. */
export function samePresence(
  a: Map<string, SectionPresence[]>,
  b: Map<string, SectionPresence[]>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [section, people] of a) {
    const others = b.get(section);
    if (!others || others.length !== people.length) return false;
    const same = people.every((person, i) => {
      const other = others[i]!;
      return (
        person.clientId === other.clientId &&
        person.name === other.name &&
        person.color === other.color &&
        person.self === other.self
      );
    });
    if (!same) return false;
  }
  return true;
}

/** Publishes this person's section and returns everyone's, by section id. */
export function useSectionPresence(
  provider: HocuspocusProvider | null,
  sectionId: string | null,
): Map<string, SectionPresence[]> {
  const [bySection, setBySection] = useState<Map<string, SectionPresence[]>>(new Map());

  useEffect(() => {
    const awareness = provider?.awareness;
    if (!awareness) return;
    awareness.setLocalStateField('section', sectionId);
    return () => awareness.setLocalStateField('section', null);
  }, [provider, sectionId]);

  useEffect(() => {
    const awareness = provider?.awareness;
    if (!awareness) return;
    const refresh = () => {
      const next = new Map<string, SectionPresence[]>();
      awareness.getStates().forEach((state, clientId) => {
        const section = state.section as unknown;
        const user = state.user as { name?: unknown; color?: unknown } | undefined;
        if (typeof section !== 'string' || typeof user?.name !== 'string') return;
        const list = next.get(section) ?? [];
        list.push({
          clientId,
          name: user.name,
          color: typeof user.color === 'string' ? user.color : '#555',
          self: clientId === awareness.clientID,
        });
        next.set(section, list);
      });
      // Awareness changes with every caret move; re-render only when someone changed section.
      setBySection((previous) => (samePresence(previous, next) ? previous : next));
    };
    refresh();
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [provider]);

  return bySection;
}
