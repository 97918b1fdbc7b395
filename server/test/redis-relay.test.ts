import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import { IncomingMessage } from '@hocuspocus/server';
import { readRows, rowText } from '@pilotis/shared';
import {
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

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The texts a Yjs update inserts. */
function insertedTexts(update: Uint8Array): string[] {
  return Y.decodeUpdate(update)
    .structs.filter((struct): struct is Y.Item => struct instanceof Y.Item)
    .map((item) => item.content)
    .filter((content): content is Y.ContentString => content instanceof Y.ContentString)
    .map((content) => content.str);
}

describe('two instances over Redis: an edit crosses in one hop', () => {
  let storage: Storage;
  let one: RunningServer;
  let two: RunningServer;
  let listener: Redis;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    storage = await createStorage('postgres');
    one = await startServer(testConfig(storage, { redisUrl: REDIS_URL }));
    two = await startServer(testConfig(storage, { redisUrl: REDIS_URL }));
    listener = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    listener?.disconnect();
    await one?.close();
    await two?.close();
    await storage?.dispose();
  });

  it('publishes the edit itself on the document’s channel, and the other instance’s client gets it', async () => {
    const cycle = await createCycle(one.httpUrl, 2026);
    const alice = await connectClient(one.wsUrl, cycle.documentName, cycle.pilote);
    const bob = await connectClient(two.wsUrl, cycle.documentName, cycle.pilote);
    clients.push(alice, bob);
    // What instance one publishes on the document's channel: its identifier, then a Hocuspocus
    // message. Before, only state vectors (SyncStep1) went there; the edit came in a reply.
    const published: string[] = [];
    listener.on('messageBuffer', (_channel: Buffer, data: Buffer) => {
      const message = new IncomingMessage(data.subarray(1 + data[0]!));
      message.readVarString(); // document name
      if (message.readVarUint() !== 0) return; // not a sync message
      if (message.readVarUint() !== 2) return; // not an update
      published.push(...insertedTexts(message.readVarUint8Array()));
    });
    await listener.subscribe(`hocuspocus:${cycle.documentName}`);

    const rowId = readRows(alice.doc)[0]!.id;
    rowText(alice.doc, rowId, 'baseline').insert(0, 'relayé par Redis ');
    await waitFor(() => published.includes('relayé par Redis '), 'the update on the channel');
    await waitFor(
      () => rowText(bob.doc, rowId, 'baseline').toString().startsWith('relayé par Redis '),
      'the edit on the other instance',
    );
    expect(rowText(bob.doc, rowId, 'baseline').toString()).toBe(
      rowText(alice.doc, rowId, 'baseline').toString(),
    );
  });
});
