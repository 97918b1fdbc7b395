/**
 * Meeting room (issue 9), members page: every active invitation link can be copied again, a
 * revoked one cannot; the audit log says which role a link gave; e-mail addresses go to pilotes
 * only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from './helpers.ts';
import {
  BACKENDS,
  createStorage,
  signUp,
  startServer,
  testConfig,
  type RunningServer,
  type Storage,
} from './helpers.ts';

describe.each(BACKENDS)('members page on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
  });
  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('lists every active invitation link again, never a revoked one, and audits the role', async () => {
    const pilote = await signUp(server.httpUrl, 'Pauline l’Hôte');
    const orgId = (await pilote.post('/api/organisations', { name: 'Coop’ des Prés 🌾' })).body
      .id as string;
    const first = await pilote.post(`/api/organisations/${orgId}/invitations`, { role: 'membre' });
    const second = await pilote.post(`/api/organisations/${orgId}/invitations`, {
      role: 'lecteur',
      expiresInDays: 30,
    });
    expect(first.status).toBe(201);
    const list = await pilote.get(`/api/organisations/${orgId}/invitations`);
    expect(list.status).toBe(200);
    const urls = new Map(
      (list.body as { id: string; url?: string; token?: string }[]).map((i) => [i.id, i.url]),
    );
    expect(urls.get(first.body.id)).toBe(first.body.url);
    expect(urls.get(second.body.id)).toBe(second.body.url);
    expect(JSON.stringify(list.body)).not.toContain('"token"');

    // The older link, copied again, still lets someone in.
    const guest = await signUp(server.httpUrl, 'Gaëlle');
    const token = String(urls.get(first.body.id)).split('/invitation/')[1]!;
    expect((await guest.post(`/api/invitations/${token}/accept`)).status).toBe(200);

    expect(
      (await pilote.delete(`/api/organisations/${orgId}/invitations/${first.body.id}`)).status,
    ).toBe(204);
    const after = (await pilote.get(`/api/organisations/${orgId}/invitations`)).body as {
      id: string;
      url?: string;
      revoked: boolean;
    }[];
    const revoked = after.find((i) => i.id === first.body.id)!;
    expect(revoked.revoked).toBe(true);
    expect(revoked.url).toBeUndefined();
    expect(after.find((i) => i.id === second.body.id)!.url).toBe(second.body.url);
    const row = await server.app.db.query<{ link_token: string | null }>(
      'SELECT link_token FROM invitations WHERE id = $1',
      [first.body.id],
    );
    expect(row[0]!.link_token).toBeNull();

    const audit = (await pilote.get(`/api/organisations/${orgId}/audit`)).body as {
      action: string;
      details: { role?: string; invitationId?: string };
    }[];
    const of = (action: string, id: string) =>
      audit.find((e) => e.action === action && e.details.invitationId === id);
    expect(of('invitation.created', first.body.id)?.details.role).toBe('membre');
    expect(of('invitation.created', second.body.id)?.details.role).toBe('lecteur');
    expect(of('invitation.revoked', first.body.id)?.details.role).toBe('membre');
  });

  it('sends e-mail addresses to pilotes only', async () => {
    const pilote = await signUp(server.httpUrl, 'Pilote Élise');
    const orgId = (await pilote.post('/api/organisations', { name: 'Asso « Les Liens »' })).body
      .id as string;
    const join = async (name: string, role: string) => {
      const person = await signUp(server.httpUrl, name);
      const invite = await pilote.post(`/api/organisations/${orgId}/invitations`, { role });
      expect((await person.post(`/api/invitations/${invite.body.token}/accept`)).status).toBe(200);
      return person;
    };
    const readers: Person[] = [
      await join('Léa Lectrice', 'lecteur'),
      await join('Marc Membre', 'membre'),
      await join('Chloé Commente', 'commentateur'),
    ];
    const asPilote = await pilote.get(`/api/organisations/${orgId}/members`);
    expect(asPilote.status).toBe(200);
    expect(asPilote.body).toHaveLength(4);
    for (const member of asPilote.body as { email?: string }[]) {
      expect(member.email).toMatch(/@/);
    }
    for (const reader of readers) {
      const reply = await reader.get(`/api/organisations/${orgId}/members`);
      expect(reply.status).toBe(200);
      expect(reply.body).toHaveLength(4);
      expect(JSON.stringify(reply.body)).not.toMatch(/@|"email"/);
      expect((reply.body as { name: string }[]).map((m) => m.name)).toContain('Pilote Élise');
    }
  });
});
