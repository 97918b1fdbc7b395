/**
 * Durable documents for Hocuspocus. Every incoming document update is appended to the update log
 * in `beforeSync`, which Hocuspocus awaits before it applies the update and sends the client its
 * acknowledgement (sync status). `onStoreDocument` (debounced by Hocuspocus) folds the log into the
 * stored state; `onLoadDocument` replays state + log.
 */
import type {
  Extension,
  afterHandleMessagePayload,
  afterLoadDocumentPayload,
  afterUnloadDocumentPayload,
  beforeSyncPayload,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import { applyStored, type DocumentStore } from './document-store.ts';
import type { DocumentSizes } from './document-limits.extension.ts';

type Connection = beforeSyncPayload['connection'];

/** True for an update that carries neither insertions nor deletions (a sync handshake). */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export class PersistenceExtension implements Extension {
  extensionName = 'pilotis-persistence';

  private readonly store: DocumentStore;
  /** Log ids written for a connection's message currently being handled. */
  private readonly inFlight = new WeakMap<Connection, number[]>();
  /** Per document: log ids whose update is applied in memory, to drop at the next store. */
  private readonly applied = new Map<string, Set<number>>();
  /** Per document: the stamp of a stored state the live document is known to contain. */
  private readonly stamps = new Map<string, string | null>();

  /** Where the size of each document is reported at load and store (issue 18 #4). */
  private readonly sizes: DocumentSizes | null;

  constructor(store: DocumentStore, sizes: DocumentSizes | null = null) {
    this.store = store;
    this.sizes = sizes;
  }

  private appliedIds(documentName: string): Set<number> {
    let ids = this.applied.get(documentName);
    if (!ids) {
      ids = new Set();
      this.applied.set(documentName, ids);
    }
    return ids;
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    const stored = await this.store.load(documentName);
    this.sizes?.set(
      documentName,
      (stored.state?.byteLength ?? 0) +
        stored.updates.reduce((sum, update) => sum + update.data.byteLength, 0),
    );
    const replayed = applyStored(document, stored);
    this.stamps.set(documentName, stored.stamp);
    for (const id of replayed) this.appliedIds(documentName).add(id);
  }

  /** A document loaded with a non-empty log is compacted at once, so logs stay short. */
  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    if (this.appliedIds(documentName).size > 0) await this.save(documentName, document);
  }

  async beforeSync({ connection, documentName, type, payload }: beforeSyncPayload): Promise<void> {
    if (connection.readOnly) return;
    if (type !== messageYjsUpdate && type !== messageYjsSyncStep2) return;
    // Decoding also validates: a malformed update throws here, before it reaches the log, and
    // Hocuspocus closes that one connection.
    if (isEmptyUpdate(payload)) return;
    const id = await this.store.appendUpdate(documentName, payload);
    const ids = this.inFlight.get(connection) ?? [];
    ids.push(id);
    this.inFlight.set(connection, ids);
  }

  async afterHandleMessage({ connection, documentName }: afterHandleMessagePayload): Promise<void> {
    const ids = this.inFlight.get(connection);
    if (!ids || ids.length === 0) return;
    const applied = this.appliedIds(documentName);
    for (const id of ids) applied.add(id);
    ids.length = 0;
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    await this.save(documentName, document);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    // Entries not folded yet stay in the log and are replayed at the next load.
    this.applied.delete(documentName);
    this.stamps.delete(documentName);
  }

  private async save(documentName: string, document: Y.Doc): Promise<void> {
    const applied = this.appliedIds(documentName);
    // Snapshot the ids before encoding: everything in the set is already in the document.
    const folded = [...applied];
    const state = Y.encodeStateAsUpdate(document);
    const counted = this.sizes?.get(documentName) ?? 0;
    // Nobody else wrote since our last load or store: no need to merge the stored state back in
    // (see DocumentStore.store), which was the main size-dependent cost of a store.
    const stamp = await this.store.store(
      documentName,
      state,
      folded,
      this.stamps.get(documentName) ?? null,
    );
    this.stamps.set(documentName, stamp);
    // Measured: the state just encoded, plus what was accepted while it was being stored.
    this.sizes?.set(documentName, state.byteLength + (this.sizes.get(documentName) - counted));
    for (const id of folded) applied.delete(id);
  }
}
