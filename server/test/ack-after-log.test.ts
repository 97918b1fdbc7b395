/**
 * An edit reaches the room before the update log has it, but its author is told it is saved only
 * once it is durable (persistence.extension.ts, AckGate). PostgreSQL only: another connection can
 * hold the log's table, as a slow or failing disk would.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import {
  acknowledged,
  firstRowLabel,
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  waitFor,
  type RunningServer,
  type Storage,
  type TestClient,
} from './helpers.ts';

describe('acknowledgement after the update log (PostgreSQL)', () => {
  let storage: Storage;
  let server: RunningServer;
  let sql: pg.Client;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    storage = await createStorage('postgres');
    // A long debounce: only the log (or a rescue store) can make an edit durable in these tests.
    server = await startServer(testConfig(storage, { storeDebounceMs: 60_000 }));
    sql = new pg.Client({ connectionString: storage.databaseUrl });
    await sql.connect();
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  afterAll(async () => {
    await sql?.end();
    await server?.close();
    await storage?.dispose();
  });

  async function room() {
    const cycle = await createCycle(server.httpUrl);
    const alice = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const bob = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    clients.push(alice, bob);
    return { cycle, alice, bob };
  }

  it('relays an edit while the log is held, and acknowledges it only once logged', async () => {
    const { cycle, alice, bob } = await room();
    await sql.query('BEGIN');
    await sql.query('LOCK TABLE document_updates IN ACCESS EXCLUSIVE MODE');
    try {
      firstRowLabel(alice.doc).insert(0, 'Objectif : 38,5 % d’ici 2027 ✓ ');
      await waitFor(
        () => firstRowLabel(bob.doc).toString().startsWith('Objectif : 38,5 % d’ici 2027 ✓ '),
        'the edit relayed while the log is held',
      );
      // Everything the server sends Alice after her edit's acknowledgement would have come with
      // it: once Bob's later edit has reached her, a missing acknowledgement is held, not late.
      firstRowLabel(bob.doc).insert(0, 'Bob ');
      await waitFor(
        () => firstRowLabel(alice.doc).toString().startsWith('Bob '),
        "Bob's edit at Alice's",
      );
      expect(alice.provider.hasUnsyncedChanges).toBe(true);
    } finally {
      await sql.query('ROLLBACK');
    }
    await acknowledged(alice);
    await acknowledged(bob);
    const logged = await sql.query(
      'SELECT count(*)::int AS n FROM document_updates WHERE document_name = $1',
      [cycle.documentName],
    );
    expect(logged.rows[0].n).toBeGreaterThanOrEqual(2);
  });

  it('stores the whole document when the log refuses a write, then acknowledges', async () => {
    const { cycle, alice, bob } = await room();
    await sql.query(
      'ALTER TABLE document_updates ADD CONSTRAINT refuse_for_test CHECK (false) NOT VALID',
    );
    try {
      firstRowLabel(alice.doc).insert(0, 'Sauvé malgré tout : 1 234,50 € ');
      await acknowledged(alice);
    } finally {
      await sql.query('ALTER TABLE document_updates DROP CONSTRAINT refuse_for_test');
    }
    expect(firstRowLabel(bob.doc).toString()).toContain('Sauvé malgré tout : 1 234,50 € ');
    const stored = await sql.query<{ state: Buffer }>(
      'SELECT state FROM documents WHERE name = $1',
      [cycle.documentName],
    );
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(stored.rows[0]!.state));
    expect(firstRowLabel(doc).toString()).toContain('Sauvé malgré tout : 1 234,50 € ');
  });
});
