import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCycle, type CycleModel } from '@pilotis/shared';
import {
  BACKENDS,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  type Person,
  type RunningServer,
  type Storage,
} from './helpers.ts';
import { join, rowId } from './comments-helpers.ts';

describe.each(BACKENDS)('comment threads on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  let pilote: Person;
  let membre: Person;
  let commentateur: Person;
  let lecteur: Person;
  let outsider: Person;
  let cycle: { id: string; organisationId: string; documentName: string };
  let model: CycleModel;
  let foreignThreadId: string;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
    const created = await createCycle(server.httpUrl, 2026);
    pilote = created.pilote;
    cycle = created;
    membre = await join(server, pilote, cycle.organisationId, 'membre', 'Marc Membre');
    commentateur = await join(
      server,
      pilote,
      cycle.organisationId,
      'commentateur',
      'Chloé Commentatrice',
    );
    lecteur = await join(server, pilote, cycle.organisationId, 'lecteur', 'Léa Lectrice');
    model = readCycle(await server.app.documents.loadDoc(cycle.documentName));
    // Another organisation, with a thread of its own.
    const other = await createCycle(server.httpUrl, 2026);
    outsider = other.pilote;
    const otherModel = readCycle(await server.app.documents.loadDoc(other.documentName));
    const foreign = await outsider.post(`/api/cycles/${other.id}/threads`, {
      anchor: { kind: 'row', id: otherModel.rows[0]!.id },
      body: 'Fil d’une autre organisation',
    });
    expect(foreign.status).toBe(201);
    foreignThreadId = foreign.body.id;
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('lets a commentateur open a thread on row 1.3 n°1; author and time are the server’s', async () => {
    const target = rowId(model, '1.3', 1);
    const before = Date.now();
    const reply = await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: target },
      body: 'Faut-il compter les bénévoles ?\nÀ voir en CA — 38,5 % l’an dernier 🙂',
      author: { id: pilote.user!.id, name: 'Pauline Pilote' },
      createdAt: '2001-01-01T00:00:00.000Z',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.anchor).toEqual({ kind: 'row', id: target });
    expect(reply.body.status).toBe('open');
    expect(reply.body.context).toMatchObject({ domainNumber: '1.3', rowIndex: 1 });
    const [message] = reply.body.messages;
    expect(message.author).toEqual({ id: commentateur.user!.id, name: 'Chloé Commentatrice' });
    expect(message.body).toBe(
      'Faut-il compter les bénévoles ?\nÀ voir en CA — 38,5 % l’an dernier 🙂',
    );
    expect(new Date(message.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);

    const list = await lecteur.get(`/api/cycles/${cycle.id}/threads`);
    expect(list.status).toBe(200);
    expect(list.body.map((t: { id: string }) => t.id)).toContain(reply.body.id);
  });

  it('stores an HTML or script body as text, as typed', async () => {
    const body = '<script>alert("x")</script><b>gras</b> & <img src=x onerror=alert(1)>';
    const thread = await membre.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'theme', id: model.themes[0]!.id },
      body,
    });
    expect(thread.status).toBe(201);
    const reply = await pilote.post(`/api/threads/${thread.body.id}/messages`, {
      body,
      author: { id: membre.user!.id, name: 'Usurpé' },
      createdAt: '1999-12-31T23:00:00.000Z',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.body).toBe(body);
    expect(reply.body.author.id).toBe(pilote.user!.id);
    expect(new Date(reply.body.createdAt).getFullYear()).toBeGreaterThanOrEqual(2026);
  });

  it('refuses posting to a lecteur, an empty or over-long message and an unknown anchor', async () => {
    const target = rowId(model, '1.3', 1);
    const asLecteur = await lecteur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: target },
      body: 'Je ne devrais pas pouvoir',
    });
    expect(asLecteur.status).toBe(403);
    const tooLong = await membre.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: target },
      body: 'x'.repeat(10_001),
    });
    expect(tooLong.status).toBe(400);
    const blank = await membre.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: target },
      body: '   \n ',
    });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toBe('Le message est vide.');
    const exactly = await membre.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: target },
      body: 'é'.repeat(10_000),
    });
    expect(exactly.status).toBe(201);
    const unknown = await membre.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: 'nexiste-pas' },
      body: 'Sur rien',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unknown_anchor');
  });

  it('edits and deletes one’s own messages only; a deleted one stays as « message supprimé »', async () => {
    const thread = await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: rowId(model, '1.1', 1) },
      body: 'Premier jet',
    });
    const messageId = thread.body.messages[0].id;
    const path = `/api/threads/${thread.body.id}/messages/${messageId}`;
    expect((await membre.patch(path, { body: 'Réécrit par un autre' })).status).toBe(403);
    expect((await membre.delete(path)).status).toBe(403);
    const edited = await commentateur.patch(path, { body: 'Deuxième jet' });
    expect(edited.status).toBe(200);
    expect(edited.body.messages[0]).toMatchObject({ body: 'Deuxième jet', deleted: false });
    expect(edited.body.messages[0].editedAt).toEqual(expect.any(String));
    const deleted = await commentateur.delete(path);
    expect(deleted.status).toBe(200);
    expect(deleted.body.messages).toHaveLength(1);
    expect(deleted.body.messages[0]).toMatchObject({ body: '', deleted: true });
    expect((await commentateur.patch(path, { body: 'Revenu' })).status).toBe(404);
  });

  it('resolves and reopens: the thread’s author, a membre or a pilote; not another commentateur', async () => {
    const thread = await membre.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: rowId(model, '1.2', 1) },
      body: 'À trancher',
    });
    const id = thread.body.id;
    expect((await commentateur.post(`/api/threads/${id}/resolve`)).status).toBe(403);
    expect((await lecteur.post(`/api/threads/${id}/resolve`)).status).toBe(403);
    const resolved = await pilote.post(`/api/threads/${id}/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.resolvedBy.id).toBe(pilote.user!.id);
    const reopened = await membre.post(`/api/threads/${id}/reopen`);
    expect(reopened.body.status).toBe('open');

    const own = await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: rowId(model, '1.2', 1) },
      body: 'Mon fil',
    });
    expect((await commentateur.post(`/api/threads/${own.body.id}/resolve`)).body.status).toBe(
      'resolved',
    );
  });

  it('answers 404 to outsiders and for another organisation’s thread on every route', async () => {
    const mine = await membre.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: rowId(model, '1.1', 1) },
      body: 'Interne',
    });
    const messageId = mine.body.messages[0].id;
    const foreignMessage = `/api/threads/${foreignThreadId}/messages/00000000-0000-4000-8000-000000000000`;
    const replies = await Promise.all([
      outsider.get(`/api/cycles/${cycle.id}/threads`),
      outsider.post(`/api/cycles/${cycle.id}/threads`, {
        anchor: { kind: 'row', id: rowId(model, '1.1', 1) },
        body: 'Intrus',
      }),
      outsider.get(`/api/threads/${mine.body.id}`),
      outsider.post(`/api/threads/${mine.body.id}/messages`, { body: 'Intrus' }),
      outsider.patch(`/api/threads/${mine.body.id}/messages/${messageId}`, { body: 'Intrus' }),
      outsider.delete(`/api/threads/${mine.body.id}/messages/${messageId}`),
      outsider.post(`/api/threads/${mine.body.id}/resolve`),
      outsider.post(`/api/threads/${mine.body.id}/reopen`),
      outsider.post(`/api/threads/${mine.body.id}/read`),
      // Members of this organisation, with the other organisation's thread id.
      membre.get(`/api/threads/${foreignThreadId}`),
      membre.post(`/api/threads/${foreignThreadId}/messages`, { body: 'Intrus' }),
      membre.patch(foreignMessage, { body: 'Intrus' }),
      membre.delete(foreignMessage),
      membre.post(`/api/threads/${foreignThreadId}/resolve`),
      membre.post(`/api/threads/${foreignThreadId}/reopen`),
      membre.post(`/api/threads/${foreignThreadId}/read`),
      membre.get('/api/threads/pas-un-uuid'),
    ]);
    for (const reply of replies) {
      expect(reply.status).toBe(404);
      expect(Object.keys(reply.body).sort()).toEqual(['error', 'message']);
    }
  });

  it('turns @mentions of members into one inbox entry each; replies reach the thread’s author', async () => {
    const thread = await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: rowId(model, '2.1', 1) },
      body: '@Marc Membre et @Léa Lectrice, qu’en pensez-vous ? (@Personne Inconnue non)',
    });
    expect(thread.status).toBe(201);
    const forMarc = await membre.get('/api/me/notifications');
    const mention = forMarc.body.items.find(
      (item: { threadId: string }) => item.threadId === thread.body.id,
    );
    expect(mention).toMatchObject({ kind: 'mention', actor: { name: 'Chloé Commentatrice' } });
    expect(forMarc.body.unread).toBeGreaterThanOrEqual(1);
    const forLea = await lecteur.get('/api/me/notifications');
    expect(
      forLea.body.items.filter((item: { threadId: string }) => item.threadId === thread.body.id),
    ).toHaveLength(1);
    const listed = await lecteur.get(`/api/cycles/${cycle.id}/threads`);
    expect(listed.body.find((t: { id: string }) => t.id === thread.body.id).mentionsMe).toBe(true);

    await membre.post(`/api/threads/${thread.body.id}/messages`, { body: 'Oui, d’accord.' });
    const forChloe = await commentateur.get('/api/me/notifications');
    expect(forChloe.body.items[0]).toMatchObject({ kind: 'reply', threadId: thread.body.id });
    await membre.post(`/api/threads/${thread.body.id}/resolve`);
    const again = await commentateur.get('/api/me/notifications');
    expect(again.body.items[0]).toMatchObject({ kind: 'resolved', threadId: thread.body.id });

    expect((await commentateur.post('/api/me/notifications/read', {})).status).toBe(204);
    expect((await commentateur.get('/api/me/notifications')).body.unread).toBe(0);
  });

  it('marks threads unread until read', async () => {
    const thread = await membre.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: rowId(model, '3.1', 1) },
      body: 'Nouveau',
    });
    const find = async (who: Person) =>
      (await who.get(`/api/cycles/${cycle.id}/threads`)).body.find(
        (t: { id: string }) => t.id === thread.body.id,
      );
    expect((await find(membre)).unread).toBe(false);
    expect((await find(pilote)).unread).toBe(true);
    expect((await pilote.post(`/api/threads/${thread.body.id}/read`)).status).toBe(204);
    expect((await find(pilote)).unread).toBe(false);
  });

  it('limits how fast one person posts', async () => {
    const person = await join(server, pilote, cycle.organisationId, 'membre', 'Rapide');
    const anchor = { kind: 'row', id: rowId(model, '4.1', 1) };
    const statuses: number[] = [];
    for (let i = 0; i < 35; i += 1) {
      const reply = await person.post(`/api/cycles/${cycle.id}/threads`, {
        anchor,
        body: `Message ${i}`,
      });
      statuses.push(reply.status);
      if (reply.status === 429) {
        expect(reply.body.error).toBe('too_many_messages');
        break;
      }
    }
    expect(statuses).toContain(429);
    // Others are not affected.
    const other = await membre.post(`/api/cycles/${cycle.id}/threads`, { anchor, body: 'Moi' });
    expect(other.status).toBe(201);
  });
});
