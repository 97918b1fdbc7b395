/**
 * The threads of the cycle open in this tab, shared by the grid's count badges, the side panel and
 * the threads view. Loaded once, then kept current by the server's live notices (a stateless
 * message on the cycle's document names the thread that changed; the store fetches just it).
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { commentsApi, type Thread } from './comments-api.ts';

/** What the side panel shows: one thread, or the threads of a row (with a form for a new one). */
export type PanelTarget = { kind: 'thread'; id: string } | { kind: 'row'; rowId: string } | null;

export interface ThreadsState {
  cycleId: string;
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  threads: Thread[];
  /** Open (unresolved, attached) threads per row id. */
  openByRow: Map<string, number>;
  panel: PanelTarget;
}

const EMPTY: ThreadsState = {
  cycleId: '',
  status: 'loading',
  error: null,
  threads: [],
  openByRow: new Map(),
  panel: null,
};

let state: ThreadsState = EMPTY;
const listeners = new Set<() => void>();
let generation = 0;

function set(next: Partial<ThreadsState>): void {
  const threads = next.threads ?? state.threads;
  let openByRow = state.openByRow;
  if (next.threads) {
    openByRow = new Map();
    for (const thread of threads) {
      if (thread.anchor.kind === 'row' && thread.status === 'open') {
        openByRow.set(thread.anchor.id, (openByRow.get(thread.anchor.id) ?? 0) + 1);
      }
    }
  }
  state = { ...state, ...next, openByRow };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Load (or reload) every thread of the cycle. */
export async function reloadThreads(cycleId: string): Promise<void> {
  const mine = ++generation;
  try {
    const threads = await commentsApi.list(cycleId);
    if (mine === generation && state.cycleId === cycleId)
      set({ threads, status: 'ready', error: null });
  } catch (error) {
    if (mine === generation && state.cycleId === cycleId) set({ status: 'error', error });
  }
}

/** Put a thread as the server returned it into the store (new or updated). */
export function upsertThread(thread: Thread): void {
  if (thread.cycleId !== state.cycleId) return;
  const index = state.threads.findIndex((t) => t.id === thread.id);
  const threads =
    index < 0
      ? [...state.threads, thread]
      : state.threads.map((t, i) => (i === index ? thread : t));
  set({ threads });
}

/** Fetch one thread that changed (live notice) and merge it. */
export async function refreshThread(id: string): Promise<void> {
  try {
    upsertThread(await commentsApi.get(id));
  } catch {
    // Gone or unreachable: the next full load settles it.
  }
}

export function openPanel(target: PanelTarget): void {
  set({ panel: target });
}

/** Every comment-related value of the cycle open in this tab. */
export function useThreads(): ThreadsState {
  return useSyncExternalStore(subscribe, () => state);
}

/**
 * Bind the store to a cycle and its live document: loads the threads, refetches a thread when the
 * server announces a change, and reloads everything after a reconnection (notices may have been
 * missed meanwhile).
 */
export function useCommentsLive(cycleId: string, provider: HocuspocusProvider | null): void {
  useEffect(() => {
    state = { ...EMPTY, cycleId };
    set({});
    void reloadThreads(cycleId);
    return () => {
      generation += 1;
      state = EMPTY;
    };
  }, [cycleId]);

  useEffect(() => {
    if (!provider) return;
    const onStateless = ({ payload }: { payload: string }) => {
      try {
        const notice = JSON.parse(payload) as { type?: string; threadId?: string };
        if (notice.type === 'pilotis.comments' && notice.threadId)
          void refreshThread(notice.threadId);
      } catch {
        // Not ours.
      }
    };
    // The first sync is the load above; a later one follows a reconnection.
    let first = !provider.isSynced;
    const onSynced = ({ state: synced }: { state: boolean }) => {
      if (!synced) return;
      if (first) first = false;
      else void reloadThreads(cycleId);
    };
    provider.on('stateless', onStateless);
    provider.on('synced', onSynced);
    return () => {
      provider.off('stateless', onStateless);
      provider.off('synced', onSynced);
    };
  }, [provider, cycleId]);
}
