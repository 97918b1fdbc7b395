/**
 * How a person appears to the others in a meeting: the name of their account (the server
 * enforces it) and a colour that stays the same for them on every screen.
 */
import type { MemberKind, Role } from '@pilotis/shared';
import { PRESENCE_PALETTE, preferredSlot } from './presence-colors.ts';

export interface Identity {
  /** The account's id: the key of the colour assignment, the same on every screen. */
  id: string;
  name: string;
  color: string;
  role: Role | null;
  /** Their qualité in the organisation (salarié, élu·e…), shown beside the name. */
  qualite?: MemberKind | null;
}

/** The colour a person prefers before seeing who else is here (see presence-colors.ts). */
export function colorFor(userId: string): string {
  return PRESENCE_PALETTE[preferredSlot(userId)]!;
}
