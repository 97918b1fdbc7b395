/**
 * Durable documents for Hocuspocus. Every incoming document update is appended to the update log,
 * and the client's acknowledgement (sync status) waits for the log: an edit a client was told is
 * saved survives a killed server. The update itself is applied and relayed to everyone else at
 * once, while the log is written (see AckGate). `onStoreDocument` (debounced by Hocuspocus) folds
 * the log into the stored state; `onLoadDocument` replays state + log.
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
import * as decoding from 'lib0/decoding';
import { MessageType } from '@hocuspocus/server';
import { applyStored, type DocumentStore } from './document-store.ts';
import type { DocumentSizes } from './document-limits.extension.ts';

type Connection = beforeSyncPayload['connection'];
type Document = beforeSyncPayload['document'];

/** Attempts, a second apart, to store a document whose log write failed, before giving up. */
const SAVE_ATTEMPTS = 30;

/** True for Hocuspocus's "sync status" message (the acknowledgement of an update). */
function isSyncStatus(message: Uint8Array): boolean {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  return decoding.readVarUint(decoder) === MessageType.SyncStatus;
}

/**
 * Holds a connection's acknowledgements until what they acknowledge is durable.
 *
 * Hocuspocus awaits `beforeSync`, then applies the update (which relays it to the document's
 * other connections) and sends the sender its sync status. Awaiting the log in `beforeSync` made
 * everyone wait for the database before seeing an edit (measured: +17 ms at the median in a
 * 150-person room on PGlite, +20 ms on PostgreSQL). Instead `beforeSync` only starts the write and
 * hands its promise to the gate; the gate holds the sync status sent while that message is
 * handled until the write is done, and sends acknowledgements in order.
 *
 * Relaying before the log is safe: a server killed in between never acknowledged the edit, so
 * its author's provider still counts it as unsaved and sends it again on reconnecting (as does
 * every client that received it, in its own sync).
 */
class AckGate {
  /** The durability of the message being handled; its acknowledgement waits for it. */
  current: Promise<void> | null = null;
  private readonly sendNow: (message: Uint8Array) => void;
  private readonly connection: Connection;
  private tail: Promise<void> = Promise.resolve();
  private held = 0;

  constructor(connection: Connection) {
    this.connection = connection;
    this.sendNow = connection.send.bind(connection);
    connection.send = (message: Uint8Array) => this.send(message);
  }

  private send(message: Uint8Array): void {
    if ((this.current === null && this.held === 0) || !isSyncStatus(message)) {
      this.sendNow(message);
      return;
    }
    const durable = this.current ?? Promise.resolve();
    this.current = null;
    this.held++;
    this.tail = this.tail
      .then(() => durable)
      .then(
        () => this.sendNow(message),
        () => {
          // Not durable: never acknowledge it. The client reconnects and sends it again.
          this.connection.close();
        },
      )
      .finally(() => this.held--);
  }
}

/** True for an update that carries neither insertions nor deletions (a sync handshake). */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export class PersistenceExtension implements Extension {
  extensionName = 'pilotis-persistence';

  private readonly store: DocumentStore;
  /** Each writing connection's acknowledgements, held until durable. */
  private readonly gates = new WeakMap<Connection, AckGate>();
  /** The stores queued so far (see save). */
  private storing: Promise<unknown> = Promise.resolve();
  /** Per document: a whole-document store under way after a failed log write. */
  private readonly rescues = new Map<string, Promise<void>>();
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

  async beforeSync({
    connection,
    document,
    documentName,
    type,
    payload,
  }: beforeSyncPayload): Promise<void> {
    if (connection.readOnly) return;
    if (type !== messageYjsUpdate && type !== messageYjsSyncStep2) return;
    // Decoding also validates: a malformed update throws here, before it reaches the log, and
    // Hocuspocus closes that one connection.
    if (isEmptyUpdate(payload)) return;
    let gate = this.gates.get(connection);
    if (!gate) {
      gate = new AckGate(connection);
      this.gates.set(connection, gate);
    }
    gate.current = this.log(documentName, document, payload);
  }

  /**
   * Append `update` to the log; once there, its id joins those the next store folds (Hocuspocus
   * applies the update right after `beforeSync`, before the write can finish). When the write
   * fails, the whole document, which holds the update, is stored instead.
   */
  private log(documentName: string, document: Document, update: Uint8Array): Promise<void> {
    return this.store.appendUpdate(documentName, update).then(
      (id) => {
        this.appliedIds(documentName).add(id);
      },
      (error: unknown) => {
        console.error(`Update log write failed for ${documentName}; storing the document`, error);
        return this.rescue(documentName, document);
      },
    );
  }

  /** Store the whole document, again each second until it works (one attempt chain per document). */
  private rescue(documentName: string, document: Document): Promise<void> {
    let running = this.rescues.get(documentName);
    if (running) return running;
    running = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.save(documentName, document);
          return;
        } catch (error) {
          if (attempt >= SAVE_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1000).unref());
        }
      }
    })().finally(() => this.rescues.delete(documentName));
    this.rescues.set(documentName, running);
    return running;
  }

  async afterHandleMessage({ connection }: afterHandleMessagePayload): Promise<void> {
    // A message whose handling failed sent no acknowledgement: nothing waits for its write.
    const gate = this.gates.get(connection);
    if (gate) gate.current = null;
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    await this.save(documentName, document);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    // Entries not folded yet stay in the log and are replayed at the next load.
    this.applied.delete(documentName);
    this.stamps.delete(documentName);
  }

  /**
   * Stores run one after another, the event loop's pending work between two: documents typed in
   * together reach Hocuspocus's maximum debounce together, and 50 of them encoding their state in
   * the same turn stalled every room for tens of milliseconds (bench/suite, scenario 1). The log
   * already holds every edit, so a store can wait its turn; an unload still awaits its own.
   */
  private save(documentName: string, document: Y.Doc): Promise<void> {
    const turn = this.storing
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => this.storeNow(documentName, document));
    this.storing = turn.catch(() => undefined);
    return turn;
  }

  private async storeNow(documentName: string, document: Y.Doc): Promise<void> {
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
