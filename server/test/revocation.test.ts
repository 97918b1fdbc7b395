/**
 * Issue 18 #2: with two instances on one PostgreSQL and Redis, a membre connected to instance B
 * and demoted or removed through instance A is closed within a second and cannot write after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { MembershipChanged, readRows, rowText } from '@pilotis/shared';
import {
  cookieWebSocket,
  connectClient,
  createCycle,
  createStorage,
  signUp,
  startServer,
  testConfig,
  waitFor,
  type Person,
  type RunningServer,
  type Storage,
  type TestClient,
} from './helpers.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A provider that does not reconnect, and the close code it saw. */
function openOnce(wsUrl: string, documentName: string, person: Person) {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: cookieWebSocket(person.cookie),
    maxAttempts: 1,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName,
    document: doc,
  });
  const closes: number[] = [];
  socket.on('close', ({ event }: { event: { code: number } }) => closes.push(event.code));
  const outcome = new Promise<{ ok: true; readOnly: boolean } | { ok: false }>((resolve) => {
    provider.on('authenticated', ({ scope }: { scope: string }) =>
      resolve({ ok: true, readOnly: scope === 'readonly' }),
    );
    provider.on('authenticationFailed', () => resolve({ ok: false }));
  });
  provider.attach();
  return {
    doc,
    provider,
    closes,
    outcome,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

describe('access changes across two instances on PostgreSQL + Redis', () => {
  let storage: Storage;
  let a: RunningServer;
  let b: RunningServer;
  const clients: { destroy(): void }[] = [];

  beforeAll(async () => {
    storage = await createStorage('postgres');
    // No session sweep during the test: only the published change may close the socket.
    a = await startServer(testConfig(storage, { redisUrl: REDIS_URL, sessionSweepMs: 3_600_000 }));
    b = await startServer(testConfig(storage, { redisUrl: REDIS_URL, sessionSweepMs: 3_600_000 }));
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await a?.close();
    await b?.close();
    await storage?.dispose();
  });

  async function membreOnB() {
    const cycle = await createCycle(a.httpUrl);
    const invitation = await cycle.pilote.post(
      `/api/organisations/${cycle.organisationId}/invitations`,
      { role: 'membre' },
    );
    const membre = await signUp(a.httpUrl, 'Membre sur B');
    await membre.post(`/api/invitations/${invitation.body.token}/accept`);
    const pilote: TestClient = await connectClient(a.wsUrl, cycle.documentName, cycle.pilote);
    const onB = openOnce(b.wsUrl, cycle.documentName, membre);
    clients.push(pilote, onB);
    expect(await onB.outcome).toEqual({ ok: true, readOnly: false });
    await waitFor(() => onB.provider.isSynced, 'the membre on B to sync');
    return { cycle, membre, pilote, onB };
  }

  it('demoted through A: closed on B within a second, then read-only', async () => {
    const { cycle, membre, pilote, onB } = await membreOnB();
    const start = performance.now();
    const demoted = await cycle.pilote.patch(
      `/api/organisations/${cycle.organisationId}/members/${membre.user!.id}`,
      { role: 'lecteur' },
    );
    expect(demoted.status).toBe(200);
    await waitFor(() => onB.closes.length > 0, 'the membre’s socket on B to close', 30_000);
    const closedAfter = performance.now() - start;
    console.info(
      'demotion closed the socket on the other instance after',
      Math.round(closedAfter),
      'ms',
    );
    expect(onB.closes[0]).toBe(MembershipChanged.code);
    expect(closedAfter).toBeLessThan(1000);

    const again = openOnce(b.wsUrl, cycle.documentName, membre);
    clients.push(again);
    expect(await again.outcome).toEqual({ ok: true, readOnly: true });
    // Whatever they type stays theirs: the pilote's marker arrives, their text never does.
    const rowId = readRows(pilote.doc)[0]!.id;
    await waitFor(() => again.provider.isSynced, 'the lecteur on B to sync');
    rowText(again.doc, rowId, 'baseline').insert(0, 'écrit après rétrogradation ');
    rowText(pilote.doc, rowId, 'target1y').insert(0, 'repère ');
    await waitFor(
      () => rowText(again.doc, rowId, 'target1y').toString().startsWith('repère '),
      'the pilote’s marker on B',
    );
    const check = await connectClient(b.wsUrl, cycle.documentName, cycle.pilote);
    clients.push(check);
    expect(rowText(check.doc, rowId, 'baseline').toString()).not.toContain('rétrogradation');
  }, 60_000);

  it('removed through A: closed on B within a second, then refused', async () => {
    const { cycle, membre, onB } = await membreOnB();
    const start = performance.now();
    const removed = await cycle.pilote.delete(
      `/api/organisations/${cycle.organisationId}/members/${membre.user!.id}`,
    );
    expect(removed.status).toBe(204);
    await waitFor(() => onB.closes.length > 0, 'the membre’s socket on B to close', 30_000);
    expect(performance.now() - start).toBeLessThan(1000);
    const again = openOnce(b.wsUrl, cycle.documentName, membre);
    clients.push(again);
    expect(await again.outcome).toEqual({ ok: false });
  }, 60_000);

  it('signed out on A: that session’s socket on B closes within a second', async () => {
    const { membre, onB } = await membreOnB();
    const start = performance.now();
    expect((await membre.post('/api/auth/logout')).status).toBe(204);
    await waitFor(() => onB.closes.length > 0, 'the signed-out socket on B to close', 30_000);
    expect(performance.now() - start).toBeLessThan(1000);
  }, 60_000);
});
