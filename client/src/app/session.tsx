/**
 * The signed-in person and their organisations (GET /api/me), for every page.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, type Me } from '../lib/api.ts';
import { clearLocalStores } from '../collab/use-cycle-doc.ts';
import { clearOfflineCache } from './offline.ts';

interface Session {
  me: Me | null;
  loading: boolean;
  /** Set when /api/me failed for another reason than "not signed in". */
  error: unknown;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(async () => {
    try {
      setMe(await api.me());
      setError(null);
    } catch (caught) {
      setMe(null);
      setError(caught instanceof ApiError && caught.status === 401 ? null : caught);
    } finally {
      setLoading(false);
    }
  }, []);

  const signOut = useCallback(async () => {
    await api.signOut().catch(() => {});
    // What this account kept in the browser goes with it, unless offline edits may still be
    // waiting there for the network (they would be lost).
    if (me && navigator.onLine) await clearLocalStores(me.user.id).catch(() => {});
    await clearOfflineCache();
    setMe(null);
  }, [me]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <SessionContext.Provider value={{ me, loading, error, refresh, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
