import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRow, moveDomain, moveRow, readCycle, rowText } from '@pilotis/shared';
import {
  BACKENDS,
  acknowledged,
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  type Json,
  type Person,
  type RunningServer,
  type Storage,
  type TestClient,
} from './helpers.ts';
import { rowId } from './comments-helpers.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(BACKENDS)('thread anchors on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  let pilote: Person;
  let cycle: { id: string; organisationId: string; documentName: string };
  let client: TestClient;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
    const created = await createCycle(server.httpUrl, 2026);
    pilote = created.pilote;
    cycle = created;
    client = await connectClient(server.wsUrl, cycle.documentName, pilote);
  });

  afterAll(async () => {
    client?.destroy();
    await server?.close();
    await storage?.dispose();
  });

  const threads = async (): Promise<Json[]> => {
    const reply = await pilote.get(`/api/cycles/${cycle.id}/threads`);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const byId = async (id: string): Promise<Json> => (await threads()).find((t) => t.id === id);

  it('keeps threads on their rows through moves, domain renumbering and an import; a deleted row leaves its thread détaché with its quote', async () => {
    const model = readCycle(client.doc);
    const first = rowId(model, '1.3', 1);
    const second = rowId(model, '1.3', 2);
    const domainId = model.rows.find((row) => row.id === first)!.domainId;
    const label = model.rows.find((row) => row.id === first)!.label;
    const open = async (id: string, body: string, kind = 'row') => {
      const reply = await pilote.post(`/api/cycles/${cycle.id}/threads`, {
        anchor: { kind, id },
        body,
      });
      expect(reply.status).toBe(201);
      return reply.body.id as string;
    };
    const onFirst = await open(first, 'Sur la première ligne');
    const onSecond = await open(second, 'Sur la deuxième ligne');
    const onTheme = await open(model.themes[0]!.id, 'Sur le thème', 'theme');
    const all = [onFirst, onSecond, onTheme];

    // Someone edits the row's cells, then moves it below the next one: the thread follows the row.
    client.doc.transact(() => rowText(client.doc, first, 'baseline').insert(0, '38,5 % — '));
    moveRow(client.doc, first, 1);
    await acknowledged(client);
    let thread = await byId(onFirst);
    expect(thread).toMatchObject({ status: 'open', anchor: { kind: 'row', id: first } });
    expect(thread.context).toMatchObject({ domainNumber: '1.3', rowIndex: 2 });
    expect((await byId(onSecond)).context).toMatchObject({ domainNumber: '1.3', rowIndex: 1 });

    // Domains reordered: 1.3 becomes 1.2; the threads stay on the same rows.
    expect(moveDomain(client.doc, domainId, -1)).toBe(true);
    await acknowledged(client);
    thread = await byId(onFirst);
    expect(thread).toMatchObject({ status: 'open', anchor: { id: first } });
    expect(thread.context).toMatchObject({ domainNumber: '1.2', rowIndex: 2 });

    // An xlsx import merged into the grid (the cycle's own workbook, re-imported).
    const exported = await fetch(`${server.httpUrl}/api/cycles/${cycle.id}/export.xlsx`, {
      headers: { cookie: pilote.cookie },
    });
    const preview = await fetch(`${server.httpUrl}/api/cycles/${cycle.id}/import`, {
      method: 'POST',
      headers: { cookie: pilote.cookie, 'content-type': XLSX },
      body: new Blob([new Uint8Array(await exported.arrayBuffer())]),
    });
    expect(preview.status).toBe(200);
    const { importId } = (await preview.json()) as { importId: string };
    expect((await pilote.post(`/api/cycles/${cycle.id}/import/${importId}/confirm`)).status).toBe(
      200,
    );
    const afterImport = await threads();
    for (const id of all) {
      const found = afterImport.find((t) => t.id === id);
      expect(found).toBeDefined();
      expect(found.status).toBe('open');
    }

    // The row is deleted: its thread is kept, détaché, with the row's text.
    deleteRow(client.doc, first);
    await acknowledged(client);
    const afterDelete = await threads();
    expect(afterDelete.map((t) => t.id)).toEqual(expect.arrayContaining(all));
    thread = afterDelete.find((t) => t.id === onFirst);
    expect(thread).toMatchObject({ status: 'detached', detached: true, quote: label });
    expect(thread.messages[0].body).toBe('Sur la première ligne');
    expect(afterDelete.find((t) => t.id === onSecond).status).toBe('open');
    expect(afterDelete.find((t) => t.id === onTheme).status).toBe('open');

    // Still usable: a reply, a resolution, a reopening (back to détaché).
    expect(
      (await pilote.post(`/api/threads/${onFirst}/messages`, { body: 'Ligne supprimée ?' })).status,
    ).toBe(201);
    expect((await pilote.post(`/api/threads/${onFirst}/resolve`)).body.status).toBe('resolved');
    expect((await pilote.post(`/api/threads/${onFirst}/reopen`)).body.status).toBe('detached');
    // No new thread on a row that is gone.
    const refused = await pilote.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: first },
      body: 'Trop tard',
    });
    expect(refused.status).toBe(400);
  });
});
