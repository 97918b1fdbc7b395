import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openPglite, type Database } from '../db/database.ts';
import { migrate } from '../db/migrations.ts';
import { DocumentStore } from './document-store.ts';

describe('the update log’s group commit', () => {
  let dir: string;
  let db: Database;
  let statements = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-store-'));
    db = await openPglite(dir);
    await migrate(db);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the updates that arrive during one INSERT in the next single INSERT, each acknowledged once stored', async () => {
    // The real database, counting the statements it is sent.
    const counting: Database = {
      ...db,
      query: (sql, params) => {
        if (sql.startsWith('INSERT INTO document_updates')) statements += 1;
        return db.query(sql, params);
      },
    };
    const store = new DocumentStore(counting);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 300; i++) source.getText('t').insert(i, i % 2 ? 'é' : '’');
    const ids = await Promise.all(updates.map((update) => store.appendUpdate('cycle.x', update)));
    expect(new Set(ids).size).toBe(300);
    expect(statements).toBeLessThanOrEqual(3);

    const stored = await store.load('cycle.x');
    expect(stored.updates.map((u) => u.id)).toEqual([...ids].sort((a, b) => a - b));
    const copy = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(copy, update.data);
    expect(copy.getText('t').toString()).toBe(source.getText('t').toString());
    // Each id is the row of its own update.
    const byId = new Map(stored.updates.map((u) => [u.id, u.data]));
    ids.forEach((id, i) => expect(byId.get(id)).toEqual(updates[i]));
  });

  it('writes the updates of one event-loop turn in one transaction, even when each arrived in its own task', async () => {
    // Each socket's message is its own task of the loop's I/O phase; an embedded database (PGlite)
    // runs a statement on the same thread, between two of those tasks. setImmediate callbacks
    // queued together stand in for the reads of one poll phase, with microtasks drained between
    // them as between two sockets' messages.
    const store = new DocumentStore(db);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 40; i++) source.getText('t').insert(i, 'x');
    const ids = await Promise.all(
      updates.map(
        (update) =>
          new Promise<number>((resolve, reject) =>
            setImmediate(() => {
              store.appendUpdate('cycle.turn', update).then(resolve, reject);
            }),
          ),
      ),
    );
    expect(new Set(ids).size).toBe(40);
    // Rows written by one statement share their transaction id (xmin).
    const [{ transactions }] = (await db.query<{ transactions: number }>(
      'SELECT count(DISTINCT xmin::text)::int AS transactions FROM document_updates WHERE document_name = $1',
      ['cycle.turn'],
    )) as [{ transactions: number }];
    expect(transactions).toBe(1);
    const copy = new Y.Doc();
    for (const update of (await store.load('cycle.turn')).updates) Y.applyUpdate(copy, update.data);
    expect(copy.getText('t').toString()).toBe(source.getText('t').toString());
  });

  it('skips re-reading the stored state only when nobody else wrote since: another instance’s state is always merged', async () => {
    let stateReads = 0;
    const counting: Database = {
      ...db,
      query: (sql, params) => db.query(sql, params),
      transaction: (work) =>
        db.transaction((tx) =>
          work({
            query: (sql, params) => {
              if (sql.startsWith('SELECT state FROM documents')) stateReads += 1;
              return tx.query(sql, params);
            },
          }),
        ),
    };
    const store = new DocumentStore(counting);
    // Instance A creates the document, then stores twice more with the stamp it got back.
    const a = new Y.Doc();
    a.getText('t').insert(0, 'Réunion du 3 mars : 38,5 % ');
    let stampA = await store.store('cycle.stamps', Y.encodeStateAsUpdate(a), []);
    expect(stampA).not.toBeNull();
    a.getText('t').insert(a.getText('t').length, 'de présents ');
    stampA = await store.store('cycle.stamps', Y.encodeStateAsUpdate(a), [], stampA);
    expect(stampA).not.toBeNull();
    expect(stateReads).toBe(0);

    // Instance B loads, adds its own text and stores; A has not received it.
    const loaded = await store.load('cycle.stamps');
    const b = new Y.Doc();
    Y.applyUpdate(b, loaded.state!);
    b.getText('t').insert(0, '« B » ');
    const stampB = await store.store('cycle.stamps', Y.encodeStateAsUpdate(b), [], loaded.stamp);
    expect(stampB).not.toBeNull();
    expect(stateReads).toBe(0);

    // A stores again with its old stamp: the row changed, so B's text is read and merged in.
    a.getText('t').insert(a.getText('t').length, '✅');
    const afterMerge = await store.store('cycle.stamps', Y.encodeStateAsUpdate(a), [], stampA);
    expect(afterMerge).toBeNull();
    expect(stateReads).toBe(1);
    const text = (await store.loadDoc('cycle.stamps')).getText('t').toString();
    expect(text).toContain('« B » ');
    expect(text).toContain('de présents ✅');
    // After a merge A holds no usable stamp: its next store merges again, and keeps B's text.
    await store.store('cycle.stamps', Y.encodeStateAsUpdate(a), [], afterMerge);
    expect(stateReads).toBe(2);
    expect((await store.loadDoc('cycle.stamps')).getText('t').toString()).toContain('« B » ');
  });
});
