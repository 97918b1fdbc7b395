/**
 * Threads on a passage of a section (issue 12): the commentateur's selection (two Yjs relative
 * positions) is marked in the text by the server; the passage follows edits around it, and once
 * erased its thread is kept as détaché with its quote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  commentPassages,
  readCycle,
  readSectionBody,
  sectionBody,
  type CycleModel,
} from '@pilotis/shared';
import {
  BACKENDS,
  acknowledged,
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

const TEXT = 'Le binôme salarié – élu pilote la démarche ; 38,5 % des bénévoles ont répondu.';

/** The characters of a Y.XmlText (its toString() writes formatting as tags). */
const plain = (text: Y.XmlText) =>
  (text.toDelta() as { insert: unknown }[])
    .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');

const encode = (position: Y.RelativePosition) =>
  Buffer.from(Y.encodeRelativePosition(position)).toString('base64');

describe.each(BACKENDS)('threads on a passage of a section on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  let pilote: Person;
  let commentateur: Person;
  let lecteur: Person;
  let cycle: { id: string; organisationId: string; documentName: string };
  let membreClient: TestClient;
  let commentClient: TestClient;
  let sectionId: string;

  const firstText = (client: TestClient) =>
    (sectionBody(client.doc, sectionId)!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const passagesIn = (client: TestClient) =>
    commentPassages(readSectionBody(sectionBody(client.doc, sectionId)));
  const selection = (client: TestClient, words: string) => {
    const text = firstText(client);
    const start = plain(text).indexOf(words);
    return {
      from: encode(Y.createRelativePositionFromTypeIndex(text, start)),
      to: encode(Y.createRelativePositionFromTypeIndex(text, start + words.length, -1)),
    };
  };

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
    const created = await createCycle(server.httpUrl, 2026);
    pilote = created.pilote;
    cycle = created;
    const membre = await join(server, pilote, cycle.organisationId, 'membre', 'Marc Membre');
    commentateur = await join(
      server,
      pilote,
      cycle.organisationId,
      'commentateur',
      'Chloé Commentatrice',
    );
    lecteur = await join(server, pilote, cycle.organisationId, 'lecteur', 'Léa Lectrice');
    const model: CycleModel = readCycle(await server.app.documents.loadDoc(cycle.documentName));
    sectionId = model.sections.find((section) => section.kind === 'method')!.id;
    // The membre writes a paragraph in « Notre démarche ».
    membreClient = await connectClient(server.wsUrl, cycle.documentName, membre);
    membreClient.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(TEXT)]);
      sectionBody(membreClient.doc, sectionId)!.insert(0, [paragraph]);
    });
    await acknowledged(membreClient);
    commentClient = await connectClient(server.wsUrl, cycle.documentName, commentateur);
    await waitFor(() => plain(firstText(commentClient)).includes('38,5 %'), 'the text to arrive');
  });

  afterAll(async () => {
    membreClient?.destroy();
    commentClient?.destroy();
    await server?.close();
    await storage?.dispose();
  });

  it('marks the commentateur’s passage for everyone, keeps it through edits, detaches it once erased', async () => {
    const reply = await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'passage', id: sectionId },
      passage: selection(commentClient, '38,5 % des bénévoles'),
      body: 'D’où vient ce chiffre ? <script>alert(1)</script>',
    });
    expect(reply.status).toBe(201);
    const threadId: string = reply.body.id;
    expect(reply.body.anchor).toEqual({ kind: 'passage', id: threadId });
    expect(reply.body.quote).toBe('38,5 % des bénévoles');
    expect(reply.body.context).toMatchObject({ sectionId, sectionTitle: 'Notre démarche' });
    expect(reply.body.messages[0].body).toBe('D’où vient ce chiffre ? <script>alert(1)</script>');

    // The membre's document (and the commentateur's, read-only) receive the mark live.
    await waitFor(() => passagesIn(membreClient).has(threadId), 'the mark at the membre');
    await waitFor(() => passagesIn(commentClient).has(threadId), 'the mark at the commentateur');
    expect(passagesIn(membreClient).get(threadId)).toBe('38,5 % des bénévoles');

    // Edits before and after the passage leave it attached, with the same quote.
    const text = firstText(membreClient);
    membreClient.doc.transact(() => {
      text.insert(0, '« Depuis 2024 » ', {});
      text.insert(plain(text).indexOf(' ont répondu'), ' 🙂', {});
    });
    await acknowledged(membreClient);
    let list = await lecteur.get(`/api/cycles/${cycle.id}/threads`);
    let thread = list.body.find((t: { id: string }) => t.id === threadId);
    expect(thread.status).toBe('open');
    expect(thread.quote).toBe('38,5 % des bénévoles');
    expect(plain(firstText(membreClient))).toContain('« Depuis 2024 » Le binôme');

    // The membre erases the passage: the thread stays, détaché, with its quote.
    const from = plain(text).indexOf('38,5 %');
    membreClient.doc.transact(() => text.delete(from, '38,5 % des bénévoles'.length));
    await acknowledged(membreClient);
    list = await pilote.get(`/api/cycles/${cycle.id}/threads`);
    thread = list.body.find((t: { id: string }) => t.id === threadId);
    expect(thread.status).toBe('detached');
    expect(thread.detached).toBe(true);
    expect(thread.quote).toBe('38,5 % des bénévoles');
    expect(thread.messages).toHaveLength(1);
  });

  it('refuses a passage that is gone, a selection that is not one, and a lecteur, with French messages', async () => {
    const stale = selection(commentClient, 'pilote la démarche');
    const text = firstText(membreClient);
    const from = plain(text).indexOf('pilote la démarche');
    membreClient.doc.transact(() => text.delete(from, 'pilote la démarche'.length));
    await acknowledged(membreClient);
    const gone = await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'passage', id: sectionId },
      passage: stale,
      body: 'Trop tard',
    });
    expect(gone.status).toBe(400);
    expect(gone.body.message).toMatch(/n’existe plus/);

    const missing = await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'passage', id: sectionId },
      body: 'Sans sélection',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('Sélectionnez le passage à commenter dans le texte.');

    const garbage = await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'passage', id: sectionId },
      passage: { from: 'AAAAAAAA', to: 'AAAAAAAA' },
      body: 'Positions inventées',
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error).toBeTypeOf('string');

    const asLecteur = await lecteur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'passage', id: sectionId },
      passage: selection(commentClient, 'Le binôme'),
      body: 'Je ne peux pas',
    });
    expect(asLecteur.status).toBe(403);
    // None of the refusals marked anything.
    expect(passagesIn(membreClient).size).toBe(0);
  });
});
