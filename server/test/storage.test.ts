import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrations.ts';
import { DocumentStore } from '../src/collab/document-store.ts';
import { BACKENDS, createStorage, type Storage } from './helpers.ts';

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

describe.each(BACKENDS)('document store on %s', (backend) => {
  let storage: Storage;
  let db: Database;
  let store: DocumentStore;

  beforeAll(async () => {
    storage = await createStorage(backend);
    db = await openDatabase(storage);
    await migrate(db);
    store = new DocumentStore(db);
  });

  afterAll(async () => {
    await db?.close();
    await storage?.dispose();
  });

  it('applies migrations once', async () => {
    expect(await migrate(db)).toEqual([]);
  });

  it('stores and reads back every byte value, empty and large binary values unchanged', async () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256);
    for (const [name, bytes] of [
      ['bytes.every', every],
      ['bytes.empty', new Uint8Array(0)],
      ['bytes.large', large],
      // A view into a larger buffer: only its own bytes are stored.
      ['bytes.view', new Uint8Array(large.buffer, 1000, 50)],
    ] as const) {
      await store.store(name, bytes, []);
      const loaded = await store.load(name);
      expect(loaded.state).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(loaded.state!).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('replays the log on top of the state, and folds it on store', async () => {
    const source = new Y.Doc();
    const first = await store.appendUpdate('doc.a', textUpdate(source, 'Bonjour'));
    const second = await store.appendUpdate('doc.a', textUpdate(source, ' le monde'));
    expect((await store.loadDoc('doc.a')).getText('t').toString()).toBe('Bonjour le monde');

    await store.store('doc.a', Y.encodeStateAsUpdate(source), [first, second]);
    const stored = await store.load('doc.a');
    expect(stored.updates).toEqual([]);
    expect((await store.loadDoc('doc.a')).getText('t').toString()).toBe('Bonjour le monde');
  });

  it('merges, never overwrites, a state stored by another instance', async () => {
    const base = new Y.Doc();
    base.getText('t').insert(0, 'commun');
    const one = new Y.Doc();
    const two = new Y.Doc();
    Y.applyUpdate(one, Y.encodeStateAsUpdate(base));
    Y.applyUpdate(two, Y.encodeStateAsUpdate(base));
    one.getText('t').insert(0, 'un ');
    two.getText('t').insert(6, ' deux');
    await store.store('doc.b', Y.encodeStateAsUpdate(one), []);
    await store.store('doc.b', Y.encodeStateAsUpdate(two), []);
    expect((await store.loadDoc('doc.b')).getText('t').toString()).toBe('un commun deux');
  });

  it('skips an unreadable log entry instead of losing the document', async () => {
    const source = new Y.Doc();
    await store.appendUpdate('doc.c', textUpdate(source, 'lisible'));
    await store.appendUpdate('doc.c', new Uint8Array([0xff, 0xff, 0xff]));
    expect((await store.loadDoc('doc.c')).getText('t').toString()).toBe('lisible');
  });
});
