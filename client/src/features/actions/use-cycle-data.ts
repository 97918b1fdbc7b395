/**
 * What the action plan needs beyond the document: the organisation's members (to pick a pilote
 * with an account), the frozen versions (for the checklist), and the `?action=` parameter of the
 * address (to open one action from a link).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Stage } from '@pilotis/shared';
import { api, type Member } from '../../lib/api.ts';
import { navigate } from '../../app/router.tsx';

/** Members of the organisation; an empty list while loading or when they cannot be read. */
export function useMembers(organisationId: string): Member[] {
  const [members, setMembers] = useState<Member[]>([]);
  useEffect(() => {
    let cancelled = false;
    api
      .members(organisationId)
      .then((list) => !cancelled && setMembers(list))
      .catch(() => !cancelled && setMembers([]));
    return () => {
      cancelled = true;
    };
  }, [organisationId]);
  return members;
}

export interface VersionItem {
  id: string;
  label: string;
  stage: Stage;
  createdAt: string;
}

/** The frozen versions of a cycle (GET /api/cycles/:cycleId/versions); null while loading or on error. */
export function useVersions(cycleId: string): { versions: VersionItem[] | null; failed: boolean } {
  const [state, setState] = useState<{ versions: VersionItem[] | null; failed: boolean }>({
    versions: null,
    failed: false,
  });
  useEffect(() => {
    let cancelled = false;
    fetch(`/api/cycles/${encodeURIComponent(cycleId)}/versions`, { credentials: 'same-origin' })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        return (await response.json()) as VersionItem[];
      })
      .then((versions) => !cancelled && setState({ versions, failed: false }))
      .catch(() => !cancelled && setState({ versions: [], failed: true }));
    return () => {
      cancelled = true;
    };
  }, [cycleId]);
  return state;
}

/** The router's navigation event (app/router.tsx dispatches it on every in-app link). */
const NAVIGATE_EVENT = 'pilotis:navigate';

/** One query parameter of the address, kept in step with in-app navigation; and its setter. */
export function useSearchParam(name: string): [string | null, (value: string | null) => void] {
  const read = useCallback(() => new URLSearchParams(window.location.search).get(name), [name]);
  const [value, setValue] = useState(read);
  useEffect(() => {
    const update = () => setValue(read());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE_EVENT, update);
    };
  }, [read]);
  const set = useCallback(
    (next: string | null) => {
      const params = new URLSearchParams(window.location.search);
      if (next === null) params.delete(name);
      else params.set(name, next);
      const query = params.toString();
      navigate(`${window.location.pathname}${query ? `?${query}` : ''}`);
    },
    [name],
  );
  return [value, set];
}
