import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Several instances behind a load balancer: same PostgreSQL, documents fanned out through Redis. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('two server instances on PostgreSQL + Redis', () => {
  let storage: Storage;
  let one: RunningServer;
  let two: RunningServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    storage = await createStorage('postgres');
    one = await startServer(testConfig(storage, { redisUrl: REDIS_URL }));
    two = await startServer(testConfig(storage, { redisUrl: REDIS_URL }));
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await one?.close();
    await two?.close();
    await storage?.dispose();
  });

  it('syncs an edit made on one instance to a client of the other', async () => {
    const cycle = await createCycle(one.httpUrl, 2026);
    const alice = await connectClient(one.wsUrl, cycle.documentName, cycle.pilote);
    const bob = await connectClient(two.wsUrl, cycle.documentName, cycle.pilote);
    clients.push(alice, bob);
    const rowId = readRows(alice.doc)[0]!.id;

    rowText(alice.doc, rowId, 'baseline').insert(0, 'via instance 1 ');
    rowText(bob.doc, rowId, 'target1y').insert(0, 'via instance 2 ');
    await waitFor(
      () =>
        rowText(bob.doc, rowId, 'baseline').toString().startsWith('via instance 1 ') &&
        rowText(alice.doc, rowId, 'target1y').toString().startsWith('via instance 2 '),
      'cross-instance sync',
    );
    expect(rowText(alice.doc, rowId, 'baseline').toString()).toBe(
      rowText(bob.doc, rowId, 'baseline').toString(),
    );
  });
});
