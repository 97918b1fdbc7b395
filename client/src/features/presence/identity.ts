/**
 * How a person appears to the others in a meeting: the name of their account (the server
 * enforces it) and a colour that stays the same for them on every screen.
 */
import type { MemberKind, Role } from '@pilotis/shared';

export interface Identity {
  name: string;
  color: string;
  role: Role | null;
  /** Their qualité in the organisation (salarié, élu·e…), shown beside the name. */
  qualite?: MemberKind | null;
}

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

/** A stable colour per person, derived from their id. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length]!;
}
