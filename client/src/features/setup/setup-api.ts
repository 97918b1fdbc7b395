/**
 * The HTTP calls of the set-up: members' qualités (SQL, per organisation) and the frozen versions
 * a stage of the timeline links to.
 */
import type { MemberKind, Stage } from '@pilotis/shared';
import { request } from '../../lib/api.ts';

export interface Profile {
  userId: string;
  name: string;
  qualite: MemberKind | null;
}

export interface VersionSummary {
  id: string;
  label: string;
  stage: Stage;
  createdAt: string;
}

/** Fired on window with the saved Profile whenever a qualité is changed from this tab. */
export const QUALITE_EVENT = 'pilotis:qualite';

const org = (id: string) => `/api/organisations/${encodeURIComponent(id)}`;

export const setupApi = {
  /** Every member of the organisation with their qualité (null: not said). */
  profiles: (organisationId: string) =>
    request<Profile[]>('GET', `${org(organisationId)}/profiles`),
  /** Sets a member's qualité (a pilote for anyone, each person for themselves). */
  setQualite: async (organisationId: string, userId: string, qualite: MemberKind | null) => {
    const saved = await request<Profile>(
      'PUT',
      `${org(organisationId)}/members/${encodeURIComponent(userId)}/qualite`,
      { qualite },
    );
    // Presence (useOwnQualite) shows the new qualité at once.
    window.dispatchEvent(new CustomEvent<Profile>(QUALITE_EVENT, { detail: saved }));
    return saved;
  },
  /** The cycle's frozen versions, oldest first as the API gives them. */
  versions: (cycleId: string) =>
    request<VersionSummary[]>('GET', `/api/cycles/${encodeURIComponent(cycleId)}/versions`),
};
