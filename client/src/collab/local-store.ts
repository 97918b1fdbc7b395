/**
 * The IndexedDB copy of an open document (y-indexeddb), made safe against the store being deleted
 * under it — by a sign-out in another tab of the same account, or by this tab's own sign-out.
 *
 * y-indexeddb (through lib0) closes its connection when another tab asks to delete the database,
 * but keeps writing each update into it: the next keystroke threw "InvalidStateError … The
 * database connection is closing" and was not stored. Here the persistence is released cleanly
 * on that request (it stops listening to the document before the connection closes), and the
 * next edit made in this tab opens a new store holding the whole document: what the person keeps
 * typing after a sign-out elsewhere is on disk again, and nothing is written to a closing
 * connection.
 */
import type * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';

export class LocalStore {
  private persistence: IndexeddbPersistence | null = null;
  private closed = false;
  /** Resolves once the first store has been read into the document. */
  readonly whenSynced: Promise<unknown>;
  private readonly name: string;
  private readonly doc: Y.Doc;
  private readonly isLocalEdit: (origin: unknown) => boolean;

  constructor(name: string, doc: Y.Doc, isLocalEdit: (origin: unknown) => boolean) {
    this.name = name;
    this.doc = doc;
    this.isLocalEdit = isLocalEdit;
    this.whenSynced = this.open().whenSynced;
  }

  /** Whether `origin` is one of this store's persistences replaying what it kept. */
  static isReplay(origin: unknown): boolean {
    return origin instanceof IndexeddbPersistence;
  }

  private open(): IndexeddbPersistence {
    const persistence = new IndexeddbPersistence(this.name, this.doc);
    this.persistence = persistence;
    // y-indexeddb keeps the connection's promise private; the handler must replace lib0's.
    const opened = (persistence as unknown as { _db: Promise<IDBDatabase> })._db;
    opened
      .then((db) => {
        db.onversionchange = () => this.release(persistence);
      })
      .catch(() => {});
    return persistence;
  }

  /** The database is being deleted: stop writing to it, and reopen on the next local edit. */
  private release(persistence: IndexeddbPersistence): void {
    if (this.persistence !== persistence) return;
    this.persistence = null;
    void persistence.destroy().catch(() => {});
    if (this.closed) return;
    const reopen = (_update: Uint8Array, origin: unknown) => {
      if (!this.isLocalEdit(origin)) return;
      this.doc.off('update', reopen);
      // Opens after the deletion completes and stores the whole document, this edit included.
      if (!this.closed) this.open();
    };
    this.doc.on('update', reopen);
  }

  /** The page leaves the document: close the store (its content stays on disk). */
  destroy(): void {
    this.closed = true;
    const persistence = this.persistence;
    this.persistence = null;
    if (persistence) void persistence.destroy().catch(() => {});
  }

  /** Forget what this browser holds of the document: the store is deleted and not reopened. */
  async clearData(): Promise<void> {
    this.closed = true;
    const persistence = this.persistence;
    this.persistence = null;
    if (persistence) {
      await persistence.clearData();
      return;
    }
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(this.name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
}
