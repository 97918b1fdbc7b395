/**
 * Presence through Yjs awareness: who is here, which cell each person is in, what they look at.
 * The local state is published on every change; remote states come back as a list.
 */
import { useCallback, useEffect, useState } from 'react';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import type { MemberKind, Role } from '@pilotis/shared';
import type { Identity } from './identity.ts';
import { assignColors } from './presence-colors.ts';
import { sameValue } from '../../collab/share-model.ts';

/** A cell in the grid: a row (or domain/theme) id and a field name. */
export interface CellRef {
  id: string;
  field: string;
}

export interface PresenceState {
  user: {
    id?: string;
    name: string;
    color: string;
    role?: Role | null;
    qualite?: MemberKind | null;
  };
  /** The cell this person is in, if any. */
  cell: CellRef | null;
  /** The row at the top of their screen, for "suivre". */
  viewRowId: string | null;
}

export interface Participant extends PresenceState {
  clientId: number;
  self: boolean;
}

/** Who a participant is for colours: their account (one colour on all their screens). */
function colorKey(participant: Participant): string {
  return participant.user.id ?? `client:${participant.clientId}`;
}

function isPresence(value: unknown): value is PresenceState {
  const state = value as Partial<PresenceState> | null;
  return !!state && typeof state.user?.name === 'string' && typeof state.user.color === 'string';
}

export function usePresence(provider: HocuspocusProvider | null, identity: Identity | null) {
  const [participants, setParticipants] = useState<Participant[]>([]);

  useEffect(() => {
    const awareness = provider?.awareness;
    if (!awareness || !identity) return;
    awareness.setLocalStateField('user', {
      id: identity.id,
      name: identity.name,
      color: identity.color,
      role: identity.role,
      qualite: identity.qualite ?? null,
    });
    const refresh = () => {
      const list: Participant[] = [];
      awareness.getStates().forEach((state, clientId) => {
        if (isPresence(state)) {
          list.push({
            clientId,
            self: clientId === awareness.clientID,
            user: state.user,
            cell: state.cell ?? null,
            viewRowId: state.viewRowId ?? null,
          });
        }
      });
      list.sort(
        (a, b) => Number(b.self) - Number(a.self) || a.user.name.localeCompare(b.user.name, 'fr'),
      );
      // Everyone here gets a colour no one else has (every screen computes the same ones).
      const colors = assignColors(list.map(colorKey));
      const next = list.map((p) => ({
        ...p,
        user: { ...p.user, color: colors.get(colorKey(p)) ?? p.user.color },
      }));
      // Awareness also changes with every caret move in a text (Tiptap's carets), which nothing
      // here shows: keep the same list then, so the workspace and its view do not render again.
      setParticipants((previous) => (sameValue(previous, next) ? previous : next));
    };
    refresh();
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [provider, identity]);

  const setCell = useCallback(
    (cell: CellRef | null) => provider?.awareness?.setLocalStateField('cell', cell),
    [provider],
  );
  const setViewRow = useCallback(
    (rowId: string | null) => {
      const awareness = provider?.awareness;
      if (awareness && awareness.getLocalState()?.viewRowId !== rowId)
        awareness.setLocalStateField('viewRowId', rowId);
    },
    [provider],
  );

  return { participants, setCell, setViewRow };
}
