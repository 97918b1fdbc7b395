/**
 * The IndexedDB copy of an open document when another tab deletes it (sign-out elsewhere): plain
 * y-indexeddb writes the next keystroke into the closing connection and throws; LocalStore stops
 * writing, then stores the whole document again at the next edit made here.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { LocalStore } from './local-store.ts';

const TYPING = { source: 'typing' };

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

async function storedText(name: string): Promise<string> {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(name, doc);
  await persistence.whenSynced;
  const text = doc.getText('cell').toString();
  await persistence.destroy();
  return text;
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await condition()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a local copy deleted by another tab', () => {
  it('plain y-indexeddb throws on the next keystroke (the sign-out error)', async () => {
    const doc = new Y.Doc();
    const persistence = new IndexeddbPersistence('plain', doc);
    await persistence.whenSynced;
    doc.transact(() => doc.getText('cell').insert(0, 'Enregistré'), TYPING);
    await deleteDatabase('plain');
    expect(() => doc.transact(() => doc.getText('cell').insert(10, ' ; après'), TYPING)).toThrow(
      /closing|InvalidStateError|connection/i,
    );
    await persistence.destroy();
  });

  it('LocalStore writes nothing into the closing connection and keeps what is typed next', async () => {
    const doc = new Y.Doc();
    const store = new LocalStore('safe', doc, (origin) => origin === TYPING);
    await store.whenSynced;
    doc.transact(() => doc.getText('cell').insert(0, 'Enregistré'), TYPING);
    await deleteDatabase('safe');
    expect(await storedText('safe')).toBe('');
    // A remote change alone does not bring the copy back (the other tab wanted it gone)…
    doc.transact(() => doc.getText('cell').insert(0, '« '), 'server');
    // …what this person types does, with the whole document.
    doc.transact(
      () => doc.getText('cell').insert(doc.getText('cell').length, ' ; après 😀'),
      TYPING,
    );
    await until(async () => (await storedText('safe')) !== '');
    expect(await storedText('safe')).toBe('« Enregistré ; après 😀');
    doc.transact(() => doc.getText('cell').insert(doc.getText('cell').length, ' é'), TYPING);
    await until(async () => (await storedText('safe')).endsWith(' é'));
    expect(await storedText('safe')).toBe('« Enregistré ; après 😀 é');
    store.destroy();
  });
});
