/**
 * Members' qualités by user id, for the comment threads (issue 17: « the comment threads show it
 * beside the name »). One request per organisation and tab (cached), updated when a qualité is
 * changed from this tab (QUALITE_EVENT). A former member or a failed request shows no qualité.
 */
import { useEffect, useState } from 'react';
import { MEMBER_KINDS, type MemberKind } from '@pilotis/shared';
import { QUALITE_EVENT, setupApi, type Profile } from '../setup/setup-api.ts';

const cache = new Map<string, Promise<Map<string, MemberKind>>>();

function load(organisationId: string): Promise<Map<string, MemberKind>> {
  let pending = cache.get(organisationId);
  if (!pending) {
    pending = setupApi.profiles(organisationId).then(
      (profiles) =>
        new Map(
          profiles.flatMap((profile) =>
            profile.qualite && MEMBER_KINDS.includes(profile.qualite)
              ? [[profile.userId, profile.qualite] as const]
              : [],
          ),
        ),
      () => {
        cache.delete(organisationId);
        return new Map<string, MemberKind>();
      },
    );
    cache.set(organisationId, pending);
  }
  return pending;
}

export function useQualites(organisationId: string): Map<string, MemberKind> {
  const [qualites, setQualites] = useState<Map<string, MemberKind>>(new Map());
  useEffect(() => {
    let live = true;
    void load(organisationId).then((map) => live && setQualites(map));
    const changed = (event: Event) => {
      const profile = (event as CustomEvent<Profile>).detail;
      setQualites((current) => {
        const next = new Map(current);
        if (profile.qualite) next.set(profile.userId, profile.qualite);
        else next.delete(profile.userId);
        return next;
      });
      cache.delete(organisationId);
    };
    window.addEventListener(QUALITE_EVENT, changed);
    return () => {
      live = false;
      window.removeEventListener(QUALITE_EVENT, changed);
    };
  }, [organisationId]);
  return qualites;
}
