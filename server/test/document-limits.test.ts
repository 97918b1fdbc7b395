/**
 * Issue 18 #4, #10 and #12 on a real server: a document cannot grow past its size limit (the
 * update is refused with 4413 and nothing stored is lost), structures nested deeper than the
 * schema allows are refused, and nobody can set another person's presence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { CloseCodes } from '@pilotis/shared';
import {
  BACKENDS,
  acknowledged,
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
import { DEFAULT_GUARD_LIMITS } from '../src/collab/connection-guard.ts';
import { join } from './comments-helpers.ts';

const MAX_DOCUMENT_BYTES = 600 * 1024;

/** Resolves with the reason the server gave when it closed this document on the socket. */
function closedWith(client: TestClient): Promise<string> {
  return new Promise((resolve) => {
    client.provider.on('close', ({ event }: { event: { reason: string } }) =>
      resolve(event.reason),
    );
  });
}

/** A text of `length` characters with French content (accents, apostrophes, emoji, line breaks). */
function frenchText(length: number, seed: number): string {
  const sentence = `Taux d’absentéisme n°${seed} : 38,5 % — « été » 🌿\n`;
  return sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length);
}

describe.each(BACKENDS)('document limits on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(
      testConfig(storage, {
        collabLimits: { ...DEFAULT_GUARD_LIMITS, maxDocumentBytes: MAX_DOCUMENT_BYTES },
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('refuses an update that would grow the document past its limit (4413), keeping what was stored', async () => {
    const cycle = await createCycle(server.httpUrl);
    const writer = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const start = Y.encodeStateAsUpdate(writer.doc).byteLength;
    expect(start).toBeLessThan(MAX_DOCUMENT_BYTES / 2);
    const closed = closedWith(writer);
    let refused: string | null = null;
    void closed.then((reason) => (refused = reason));
    const accepted: string[] = [];
    // 100 KB chunks into one field, each well under the frame cap, until the server refuses one.
    for (let chunk = 0; chunk < 20 && refused === null; chunk++) {
      const text = frenchText(50_000, chunk);
      writer.doc.getMap('limits-test').set(`chunk-${chunk}`, new Y.Text(text));
      await waitFor(
        () => refused !== null || !writer.provider.hasUnsyncedChanges,
        'the chunk acknowledged or refused',
      );
      if (refused === null) accepted.push(text);
    }
    expect(refused).toBe(CloseCodes.DocumentTooLarge.reason);
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    writer.destroy();

    // Another person opening the cycle sees every acknowledged chunk and not the refused one; the
    // document still takes small edits.
    const reader = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const chunks = reader.doc.getMap<Y.Text>('limits-test');
    expect(chunks.size).toBe(accepted.length);
    accepted.forEach((text, index) => expect(chunks.get(`chunk-${index}`)!.toString()).toBe(text));
    expect(Y.encodeStateAsUpdate(reader.doc).byteLength).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
    reader.doc.getMap('limits-test').set('note', 'Réunion d’équipe ✓');
    await acknowledged(reader);
    reader.destroy();

    // After a restart of the document (unloaded, read back from storage), still everything.
    await waitFor(() => !server.app.hocuspocus.documents.has(cycle.documentName), 'unload');
    const again = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    expect(again.doc.getMap('limits-test').size).toBe(accepted.length + 1);
    again.destroy();
  });

  it('refuses types and values nested deeper than the schema allows, and takes normal nesting', async () => {
    const cycle = await createCycle(server.httpUrl);
    const writer = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const row = writer.doc.getMap('depth-test');

    // Ordinary nesting (a row holding a list of plain objects, a few maps deep) is accepted.
    const inner = new Y.Map<unknown>();
    row.set('ordinaire', inner);
    inner.set('pilotes', [{ nom: 'Zoé L’Hôte', qualité: 'élue' }]);
    await acknowledged(writer);

    // A chain of 100 maps inside one another: refused.
    const closed = closedWith(writer);
    writer.doc.transact(() => {
      let parent: Y.Map<unknown> = row;
      for (let level = 0; level < 100; level++) {
        const child = new Y.Map<unknown>();
        parent.set('profond', child);
        parent = child;
      }
    });
    expect(await closed).toBe(CloseCodes.TooDeep.reason);
    writer.destroy();

    // A plain value 1,000 levels deep: refused too.
    const second = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const secondClosed = closedWith(second);
    let value: unknown = 'fond';
    for (let level = 0; level < 1000; level++) value = { niveau: value };
    second.doc.getMap('depth-test').set('valeur', value);
    expect(await secondClosed).toBe(CloseCodes.TooDeep.reason);
    second.destroy();

    const reader = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const stored = reader.doc.getMap<unknown>('depth-test');
    expect(stored.has('ordinaire')).toBe(true);
    expect((stored.get('ordinaire') as Y.Map<unknown>).has('profond')).toBe(false);
    expect(stored.has('profond')).toBe(false);
    expect(stored.has('valeur')).toBe(false);
    reader.destroy();
  });

  it('drops awareness a connection sends for a client id that is not its own', async () => {
    const cycle = await createCycle(server.httpUrl);
    const intruder = await join(
      server,
      cycle.pilote,
      cycle.organisationId,
      'membre',
      'Ingrid Intruse',
    );
    const pilote = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const observer = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const attacker = await connectClient(server.wsUrl, cycle.documentName, intruder);
    const piloteId = pilote.provider.awareness!.clientID;
    pilote.provider.setAwarenessField('user', { name: 'Pauline', color: '#1d4ed8' });
    pilote.provider.setAwarenessField('cell', 'ligne-1:état des lieux');
    const remote = (client: TestClient, id: number) =>
      client.provider.awareness!.getStates().get(id) as Record<string, unknown> | undefined;
    await waitFor(() => remote(observer, piloteId)?.cell === 'ligne-1:état des lieux', 'presence');

    // The intruder forges an awareness update for the pilote's id (a higher clock wins).
    const forgedDoc = new Y.Doc();
    forgedDoc.clientID = piloteId;
    const forged = new Awareness(forgedDoc);
    for (let clock = 0; clock < 50; clock++) {
      forged.setLocalState({ user: { name: 'Pirate', color: '#000000' }, cell: 'ailleurs' });
    }
    applyAwarenessUpdate(
      attacker.provider.awareness!,
      encodeAwarenessUpdate(forged, [piloteId]),
      'forged',
    );
    // Then its own presence, on the same socket, so the forged message was handled before it.
    attacker.provider.setAwarenessField('cell', 'ligne-2:objectif');
    await waitFor(
      () => remote(observer, attacker.provider.awareness!.clientID)?.cell === 'ligne-2:objectif',
      'the intruder’s own presence',
    );
    expect(remote(observer, piloteId)?.cell).toBe('ligne-1:état des lieux');
    expect((remote(observer, piloteId)?.user as { name: string }).name).toBe('Pauline Pilote');

    // The pilote's own presence still moves.
    pilote.provider.setAwarenessField('cell', 'ligne-3:cible');
    await waitFor(() => remote(observer, piloteId)?.cell === 'ligne-3:cible', 'the pilote moving');
    forged.destroy();
    for (const client of [pilote, observer, attacker]) client.destroy();
  });
});
