import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCycle } from '@pilotis/shared';
import {
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  waitFor,
  type Person,
  type RunningServer,
  type Storage,
  type TestClient,
} from './helpers.ts';
import { join } from './comments-helpers.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Notice {
  type: string;
  threadId: string;
  event: string;
}

/** Collect the comment notices a connected client receives. */
function listen(client: TestClient): Notice[] {
  const notices: Notice[] = [];
  client.provider.on('stateless', ({ payload }: { payload: string }) => {
    const parsed = JSON.parse(payload) as Notice;
    if (parsed.type === 'pilotis.comments') notices.push(parsed);
  });
  return notices;
}

describe('live comment notices across two instances (PostgreSQL + Redis)', () => {
  let storage: Storage;
  let one: RunningServer;
  let two: RunningServer;
  const clients: TestClient[] = [];
  let pilote: Person;
  let commentateur: Person;
  let cycle: { id: string; organisationId: string; documentName: string };

  beforeAll(async () => {
    storage = await createStorage('postgres');
    one = await startServer(testConfig(storage, { redisUrl: REDIS_URL }));
    two = await startServer(testConfig(storage, { redisUrl: REDIS_URL }));
    const created = await createCycle(one.httpUrl, 2026);
    pilote = created.pilote;
    cycle = created;
    commentateur = await join(one, pilote, cycle.organisationId, 'commentateur', 'Chloé');
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await one?.close();
    await two?.close();
    await storage?.dispose();
  });

  it('tells people on the other instance about a new thread, a reply, an edit and a resolution', async () => {
    // The commentateur (read-only on the socket) is on instance two; nobody has the document
    // open on instance one, where the pilote posts.
    const watcher = await connectClient(two.wsUrl, cycle.documentName, commentateur);
    clients.push(watcher);
    const notices = listen(watcher);
    const model = readCycle(watcher.doc);
    expect(one.app.hocuspocus.documents.has(cycle.documentName)).toBe(false);

    const thread = await pilote.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: model.rows[0]!.id },
      body: 'En direct',
    });
    expect(thread.status).toBe(201);
    await waitFor(() => notices.some((n) => n.event === 'thread'), 'the new-thread notice');
    expect(notices.find((n) => n.event === 'thread')!.threadId).toBe(thread.body.id);

    // Now with the document open on instance one as well.
    const local = await connectClient(one.wsUrl, cycle.documentName, pilote);
    clients.push(local);
    const localNotices = listen(local);
    const reply = await commentateur.post(`/api/threads/${thread.body.id}/messages`, {
      body: 'Réponse',
    });
    expect(reply.status).toBe(201);
    await waitFor(
      () =>
        notices.some((n) => n.event === 'message') &&
        localNotices.some((n) => n.event === 'message'),
      'the reply notice on both instances',
    );
    await commentateur.patch(`/api/threads/${thread.body.id}/messages/${reply.body.id}`, {
      body: 'Réponse corrigée',
    });
    await waitFor(() => notices.some((n) => n.event === 'edit'), 'the edit notice');
    await pilote.post(`/api/threads/${thread.body.id}/resolve`);
    await waitFor(() => notices.some((n) => n.event === 'status'), 'the resolution notice');
    // The notice carries ids only, never text.
    expect(JSON.stringify(notices)).not.toContain('Réponse');
  });

  it('sends the notice without loading the document on an instance that does not hold it', async () => {
    // Loading a whole cycle (and waiting for the other instances' state) only to send a notice
    // made a comment posted there take seconds: the notice goes through Redis alone.
    const fresh = await createCycle(one.httpUrl, 2027);
    const watcher = await connectClient(two.wsUrl, fresh.documentName, fresh.pilote);
    clients.push(watcher);
    const notices = listen(watcher);
    const loadedOnOne: boolean[] = [];
    let posting = true;
    const watch = (async () => {
      while (posting) {
        loadedOnOne.push(one.app.hocuspocus.documents.has(fresh.documentName));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const thread = await fresh.pilote.post(`/api/cycles/${fresh.id}/threads`, {
      anchor: { kind: 'row', id: readCycle(watcher.doc).rows[1]!.id },
      body: 'Sans charger le document',
    });
    posting = false;
    await watch;
    expect(thread.status).toBe(201);
    await waitFor(
      () => notices.some((n) => n.event === 'thread' && n.threadId === thread.body.id),
      'the notice on the other instance',
    );
    expect(loadedOnOne.length).toBeGreaterThan(0);
    expect(loadedOnOne.some(Boolean)).toBe(false);
  });
});
