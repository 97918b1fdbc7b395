/**
 * Opens a cycle document: a Y.Doc kept in IndexedDB (nothing typed offline is lost, even if the
 * tab closes) and synchronised through Hocuspocus. Exposes the connection status the header shows.
 */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { CLIENT_VERSION_QUERY, COLLAB_PATH, CloseCodes } from '@pilotis/shared';
import { LocalStore } from './local-store.ts';
import { limitFromClose, stopsSending, type CollabLimit } from './collab-limits.ts';

export type SyncStatus = 'connecting' | 'saving' | 'saved' | 'offline';
export type CycleDocError = 'not-found' | 'outdated' | 'signed-out' | null;

export interface CycleDocState {
  doc: Y.Doc | null;
  provider: HocuspocusProvider | null;
  /** True once the document has content (from IndexedDB or the server). */
  ready: boolean;
  status: SyncStatus;
  error: CycleDocError;
  /**
   * Edits made in this browser that the server has not acknowledged yet (kept across a reload,
   * so a page reopened offline still says how many are waiting).
   */
  pending: number;
  /** A limit the server enforced on this page's socket (issue 18), shown as a banner. */
  limit: CollabLimit;
  /** Forget what this browser holds of the document and reload it from the server. */
  discardLocal: (() => Promise<void>) | null;
  /**
   * After the session ended (error 'signed-out'): open a new socket, which carries the session
   * cookie of the new sign-in, so that everything kept meanwhile is sent.
   */
  reconnect(): void;
}

/**
 * The document's state when the server had acknowledged everything (status "saved"): what differs
 * from it is what is not saved yet (see features/session/unsaved-texts.ts).
 */
const savedStates = new WeakMap<Y.Doc, Uint8Array>();

export function savedStateOf(doc: Y.Doc): Uint8Array | null {
  return savedStates.get(doc) ?? null;
}

/** Where the count of edits waiting to be sent is kept for one document and account. */
export function pendingKey(documentName: string, userId: string): string {
  return `pilotis.pending:${userId}:${documentName}`;
}

function readPending(key: string): number {
  try {
    return Math.max(0, Number(localStorage.getItem(key)) || 0);
  } catch {
    return 0;
  }
}

export function collabUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${COLLAB_PATH}${CLIENT_VERSION_QUERY}`;
}

/** The browser-side store of a document: per account, so people sharing a computer never mix. */
export function localStoreName(documentName: string, userId: string): string {
  return `pilotis:${userId}:${documentName}`;
}

/**
 * Forget every document this account kept in the browser (on sign-out), except those holding
 * edits the server has not acknowledged yet: they are sent at the next sign-in (nothing lost).
 */
export async function clearLocalStores(userId: string): Promise<void> {
  const prefix = `pilotis:${userId}:`;
  const databases = (await indexedDB.databases?.()) ?? [];
  await Promise.all(
    databases
      .filter((database) => database.name?.startsWith(prefix))
      .filter(
        (database) => readPending(pendingKey(database.name!.slice(prefix.length), userId)) === 0,
      )
      .map(
        (database) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(database.name!);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}

/**
 * The live cycle document for this account, its sync status and the count of edits waiting to be
 * sent; warns before the tab closes while some are waiting.
 */
export function useCycleDoc(documentName: string, userId: string): CycleDocState {
  const [state, setState] = useState<CycleDocState>({
    doc: null,
    provider: null,
    ready: false,
    status: 'connecting',
    error: null,
    pending: 0,
    reconnect: () => {},
    limit: null,
    discardLocal: null,
  });

  useEffect(() => {
    const doc = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({ url: collabUrl(), maxDelay: 5000 });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentName,
      document: doc,
    });
    provider.attach();
    const isLocalEdit = (origin: unknown) => origin !== provider && !LocalStore.isReplay(origin);
    const local = new LocalStore(localStoreName(documentName, userId), doc, isLocalEdit);

    let connected = false;
    // The same state when nothing changes (`ready` is confirmed at every update of the document,
    // the status at every acknowledgement): the workspace renders only for real changes.
    const update = (patch: Partial<CycleDocState>) =>
      setState((previous) =>
        (Object.keys(patch) as (keyof CycleDocState)[]).every((key) =>
          Object.is(previous[key], patch[key]),
        )
          ? previous
          : { ...previous, ...patch },
      );
    const storedPending = pendingKey(documentName, userId);
    let pending = readPending(storedPending);
    const setPending = (count: number) => {
      if (count === pending) return;
      pending = count;
      try {
        if (count > 0) localStorage.setItem(storedPending, String(count));
        else localStorage.removeItem(storedPending);
      } catch {
        // Private browsing: the count lasts for this page only.
      }
      update({ pending: count });
    };
    // Every change made here (typing, structure, a migration) waits until the server acknowledges
    // it; changes coming from the server or replayed from IndexedDB do not.
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (isLocalEdit(origin)) setPending(pending + 1);
    });
    const allSaved = () => connected && provider.isSynced && provider.unsyncedChanges === 0;
    // Remember the acknowledged state, at most every two seconds while typing.
    let snapshotTimer: ReturnType<typeof setTimeout> | null = null;
    const snapshotSaved = () => {
      if (snapshotTimer !== null) return;
      snapshotTimer = setTimeout(() => {
        snapshotTimer = null;
        if (allSaved()) savedStates.set(doc, Y.encodeStateAsUpdate(doc));
      }, 2000);
    };
    const refreshStatus = () => {
      if (allSaved()) {
        setPending(0);
        if (!savedStates.has(doc)) savedStates.set(doc, Y.encodeStateAsUpdate(doc));
        else snapshotSaved();
      }
      const status: SyncStatus = !connected
        ? window.navigator.onLine
          ? 'connecting'
          : 'offline'
        : provider.hasUnsyncedChanges || !provider.isSynced
          ? 'saving'
          : 'saved';
      update({ status });
    };
    const markReady = () => {
      if (doc.share.size > 0 && doc.getMap('themes').size > 0) update({ ready: true });
    };

    // connect() does nothing while the socket still says "connected" (its close not yet seen, as
    // after going offline): wait for the close, then connect.
    const connectWhenClosed = () => {
      if (socket.status !== 'connected') {
        void socket.connect();
        return;
      }
      const whenClosed = ({ status }: { status: string }) => {
        if (status !== 'disconnected') return;
        socket.off('status', whenClosed);
        void socket.connect();
      };
      socket.on('status', whenClosed);
    };
    const reconnect = () => {
      update({ error: null, status: 'connecting' });
      const open = socket.status === 'connected';
      connectWhenClosed();
      if (open) socket.disconnect();
    };
    // The edit the server refused stays in IndexedDB; the person may drop it and start again
    // from what the server holds.
    const discardLocal = async () => {
      socket.disconnect();
      await local.clearData();
      setPending(0);
      window.location.reload();
    };
    update({
      doc,
      provider,
      ready: false,
      status: 'connecting',
      error: null,
      pending,
      limit: null,
      discardLocal,
      reconnect,
    });
    // ── security and limits (issue 18) ──
    let rateTimer: ReturnType<typeof setTimeout> | undefined;
    const applyLimit = (limit: CollabLimit) => {
      if (!limit) return;
      update({ limit });
      if (stopsSending(limit)) {
        // Refused again at every reconnection: stop here, edits kept in this browser.
        socket.disconnect();
        return;
      }
      // Rate limit: the provider reconnects by itself; the notice stays a few seconds.
      clearTimeout(rateTimer);
      rateTimer = setTimeout(() => update({ limit: null }), 15_000);
    };
    provider.on('close', ({ event }: { event: { code?: number; reason?: string } }) =>
      applyLimit(limitFromClose(event)),
    );
    local.whenSynced.then(markReady).catch(() => {});
    doc.on('update', markReady);
    socket.on('status', ({ status }: { status: string }) => {
      connected = status === 'connected';
      // After a first failed attempt, say "offline" rather than leave "connecting" forever.
      if (status === 'disconnected') update({ status: 'offline' });
      else refreshStatus();
    });
    socket.on('close', ({ event }: { event: { code: number; reason?: string } }) => {
      applyLimit(limitFromClose(event));
      if (event.code === CloseCodes.ClientOutdated.code) {
        update({ error: 'outdated' });
        socket.disconnect();
      }
    });
    provider.on('synced', refreshStatus);
    provider.on('unsyncedChanges', refreshStatus);
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
      // Built for older schemas: stop here, read-only, pushing nothing (issue 11).
      if (reason === CloseCodes.ClientOutdated.reason) {
        update({ error: 'outdated' });
        socket.disconnect();
      }
      if (reason === CloseCodes.DocumentNotFound.reason) update({ error: 'not-found' });
      // The session expired or was signed out elsewhere: the page stays editable, what is typed
      // stays in IndexedDB and leaves after the next sign-in (reconnect).
      if (reason === CloseCodes.Unauthorized.reason) update({ error: 'signed-out' });
    });
    // When the browser knows it is offline, drop the socket at once instead of waiting for a
    // timeout, and reconnect as soon as the network is back. Edits meanwhile stay in IndexedDB.
    const handleOffline = () => {
      connected = false;
      socket.disconnect();
      update({ status: 'offline' });
    };
    const handleOnline = () => {
      connectWhenClosed();
      refreshStatus();
    };
    window.addEventListener('online', handleOnline);
    window.addEventListener('offline', handleOffline);

    return () => {
      clearTimeout(rateTimer);
      window.removeEventListener('online', handleOnline);
      window.removeEventListener('offline', handleOffline);
      if (snapshotTimer !== null) clearTimeout(snapshotTimer);
      provider.destroy();
      socket.destroy();
      local.destroy();
      doc.destroy();
    };
  }, [documentName, userId]);

  // Closing the tab keeps the edits in IndexedDB, but they only leave when Pilotis is opened again
  // on this computer: say so before the tab goes.
  const unsent = state.pending > 0;
  useEffect(() => {
    if (!unsent) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsent]);

  return state;
}
