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
      setBySection(next);
    };
    refresh();
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [provider]);

  return bySection;
}
