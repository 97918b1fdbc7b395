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
});
