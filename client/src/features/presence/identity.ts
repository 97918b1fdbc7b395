/**
 * Who this browser is in the meeting: a name, a colour and a group role, kept in localStorage
 * until accounts exist (the server will then provide the name).
 */
import { MEMBER_KINDS, type MemberKind } from '@pilotis/shared';

export interface Identity {
  name: string;
  color: string;
  kind: MemberKind;
}

const STORAGE_KEY = 'pilotis.identity';

/** Colours with enough contrast for white text and distinct on a projector. */
export const PRESENCE_COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#e377c2',
  '#8c564b',
  '#ff7f0e',
  '#17becf',
];

export function loadIdentity(): Identity | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Identity>;
    if (typeof value.name !== 'string' || !value.name.trim()) return null;
    return {
      name: value.name.trim().slice(0, 60),
      color:
        typeof value.color === 'string' && /^#[0-9a-f]{6}$/i.test(value.color)
          ? value.color
          : PRESENCE_COLORS[0]!,
      kind: MEMBER_KINDS.includes(value.kind as MemberKind) ? (value.kind as MemberKind) : 'autre',
    };
  } catch {
    return null;
  }
}

export function saveIdentity(identity: Identity): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(identity));
  } catch {
    // Private browsing: the identity lasts for this page only.
  }
}

export function randomColor(): string {
  return PRESENCE_COLORS[Math.floor(Math.random() * PRESENCE_COLORS.length)]!;
}
