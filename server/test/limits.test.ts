/**
 * Issue 18, medium and low findings on a real server: the sign-in brake holds under concurrency,
 * and a cycle's document opens only under its exact stored name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
  BACKENDS,
  Person,
  cookieWebSocket,
  createCycle,
  createStorage,
  signUp,
  startServer,
  testConfig,
  type RunningServer,
  type Storage,
} from './helpers.ts';

describe.each(BACKENDS)('limits on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('counts a sign-in before checking the password: 80 simultaneous wrong ones, at most 10 checked', async () => {
    const { pilote } = await createCycle(server.httpUrl);
    const replies = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        new Person(server.httpUrl).post('/api/auth/login', {
          email: pilote.user!.email,
          password: `mauvais n°${i} ’é`,
        }),
      ),
    );
    const checked = replies.filter((reply) => reply.status === 401).length;
    expect(checked).toBeLessThanOrEqual(10);
    expect(replies.filter((reply) => reply.status === 429).length).toBe(80 - checked);
    expect(replies.find((reply) => reply.status === 429)!.body.message).toMatch(
      /Trop de tentatives/,
    );
  });

  it('opens a cycle only under its exact document name, not another spelling of its id', async () => {
    const cycle = await createCycle(server.httpUrl);
    const hex = cycle.id.replaceAll('-', '');
    // PostgreSQL reads this as the same uuid; it is not the stored name.
    const shadow = `cycle.${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16, 24)}-${hex.slice(24)}`;
    expect(shadow).toHaveLength(cycle.documentName.length - 1);
    const other = `cycle.${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16)}`;
    for (const name of [shadow, other]) {
      const socket = new HocuspocusProviderWebsocket({
        url: server.wsUrl,
        WebSocketPolyfill: cookieWebSocket(cycle.pilote.cookie),
        maxAttempts: 1,
      });
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name,
        document: new Y.Doc(),
      });
      const outcome = new Promise<string>((resolve) => {
        provider.on('authenticated', () => resolve('opened'));
        provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason));
      });
      provider.attach();
      expect(await outcome).toBe('document-not-found');
      provider.destroy();
      socket.destroy();
    }
  });

  it('a member leaving on their own does not revoke the link they joined with', async () => {
    const cycle = await createCycle(server.httpUrl);
    const invitation = await cycle.pilote.post(
      `/api/organisations/${cycle.organisationId}/invitations`,
      { role: 'membre' },
    );
    const leaving = await signUp(server.httpUrl, 'Partante');
    await leaving.post(`/api/invitations/${invitation.body.token}/accept`);
    expect(
      (
        await leaving.delete(
          `/api/organisations/${cycle.organisationId}/members/${leaving.user!.id}`,
        )
      ).status,
    ).toBe(204);
    const next = await signUp(server.httpUrl, 'Suivante');
    const accepted = await next.post(`/api/invitations/${invitation.body.token}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.role).toBe('membre');
  });

  it('lets pages connect to their own origin only (CSP connect-src)', async () => {
    const reply = await fetch(`${server.httpUrl}/api/health`);
    const policy = reply.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/connect-src 'self'(;|$)/);
  });
});
