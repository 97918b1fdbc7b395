import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
  can,
  CloseCodes,
  MembershipChanged,
  readCycle,
  readRows,
  rowText,
  type Permission,
  type Role,
} from '@pilotis/shared';
import {
  BACKENDS,
  Person,
  connectClient,
  cookieWebSocket,
  createCycle,
  createStorage,
  signUp,
  startServer,
  testConfig,
  waitFor,
  type Reply,
  type RunningServer,
  type Storage,
} from './helpers.ts';

type Actor =
  'pilote' | 'membre' | 'commentateur' | 'lecteur' | 'non-member' | 'anonymous' | 'removed';
const ACTORS: Actor[] = [
  'pilote',
  'membre',
  'commentateur',
  'lecteur',
  'non-member',
  'anonymous',
  'removed',
];
const MEMBER_ROLES: Role[] = ['pilote', 'membre', 'commentateur', 'lecteur'];

/** What an actor may expect from a route guarded by `permission`. */
function expectedStatus(actor: Actor, permission: Permission, success: number): number {
  if (actor === 'anonymous') return 401;
  if (actor === 'non-member' || actor === 'removed') return 404;
  return can(actor, permission) ? success : 403;
}

/** Open a provider as `person` and report how the server answered. */
function openAs(wsUrl: string, documentName: string, person: Person | null) {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: cookieWebSocket(person?.cookie ?? ''),
    maxAttempts: 1,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName,
    document: doc,
  });
  const outcome = new Promise<{ ok: true; readOnly: boolean } | { ok: false; reason: string }>(
    (resolve) => {
      provider.on('authenticated', ({ scope }: { scope: string }) =>
        resolve({ ok: true, readOnly: scope === 'readonly' }),
      );
      provider.on('authenticationFailed', ({ reason }: { reason: string }) =>
        resolve({ ok: false, reason }),
      );
    },
  );
  provider.attach();
  return {
    doc,
    provider,
    outcome,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

describe.each(BACKENDS)('accounts and roles on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  const people = {} as Record<Exclude<Actor, 'anonymous'>, Person>;
  let target: Person; // a membre whose role the matrix changes
  let organisationId: string;
  let otherOrganisationId: string;
  let cycle: { id: string; documentName: string };
  let invitationId: string;

  const actor = (name: Actor): Person =>
    name === 'anonymous' ? new Person(server.httpUrl) : people[name];

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
    const created = await createCycle(server.httpUrl, 2026);
    people.pilote = created.pilote;
    organisationId = created.organisationId;
    cycle = created;
    for (const role of ['membre', 'commentateur', 'lecteur'] as const) {
      const invitation = await people.pilote.post(
        `/api/organisations/${organisationId}/invitations`,
        { role },
      );
      people[role] = await signUp(server.httpUrl, `Personne ${role}`);
      const accepted = await people[role].post(`/api/invitations/${invitation.body.token}/accept`);
      expect(accepted.body).toEqual({ organisationId, role });
    }
    const membreInvite = await people.pilote.post(
      `/api/organisations/${organisationId}/invitations`,
      { role: 'membre' },
    );
    invitationId = membreInvite.body.id;
    target = await signUp(server.httpUrl, 'Cible');
    await target.post(`/api/invitations/${membreInvite.body.token}/accept`);
    people.removed = await signUp(server.httpUrl, 'Partie');
    await people.removed.post(`/api/invitations/${membreInvite.body.token}/accept`);
    people['non-member'] = await signUp(server.httpUrl, 'Voisine');
    otherOrganisationId = (
      await people['non-member'].post('/api/organisations', { name: 'Autre asso' })
    ).body.id;
    await people['non-member'].post(`/api/organisations/${otherOrganisationId}/cycles`, {
      year: 2026,
    });
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  describe('accounts', () => {
    it('signs up with an httpOnly, SameSite=Lax session cookie, and signs in and out', async () => {
      const person = new Person(server.httpUrl);
      const email = `nouvelle.${Date.now()}@example.org`;
      const signup = await person.post('/api/auth/signup', {
        email,
        password: 'motdepasse-long',
        name: 'Nouvelle',
      });
      expect(signup.status).toBe(201);
      const cookie = signup.headers.getSetCookie()[0] ?? '';
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect((await person.get('/api/me')).body.user.email).toBe(email);

      expect((await person.post('/api/auth/logout')).status).toBe(204);
      expect(
        (
          await new Person(server.httpUrl).request('GET', '/api/me', undefined, {
            cookie: person.cookie,
          })
        ).status,
      ).toBe(401);

      const again = new Person(server.httpUrl);
      expect((await again.post('/api/auth/login', { email, password: 'pas le bon' })).status).toBe(
        401,
      );
      const login = await again.post('/api/auth/login', {
        email: email.toUpperCase(),
        password: 'motdepasse-long',
      });
      expect(login.status).toBe(200);
      expect(login.body.user.name).toBe('Nouvelle');
      expect(
        (await again.post('/api/auth/signup', { email, password: 'motdepasse-long', name: 'X' }))
          .status,
      ).toBe(409);
    });

    it('refuses weak or malformed sign-ups with a French message', async () => {
      const person = new Person(server.httpUrl);
      const short = await person.post('/api/auth/signup', {
        email: 'a@example.org',
        password: 'court',
        name: 'A',
      });
      expect(short.status).toBe(400);
      expect(short.body.message).toMatch(/trop court/);
      const bad = await person.post('/api/auth/signup', {
        email: 'pas-une-adresse',
        password: 'assez long',
        name: 'A',
      });
      expect(bad.status).toBe(400);
    });

    it('expires sessions, and closes the sockets of an expired session', async () => {
      const person = await signUp(server.httpUrl, 'Éphémère');
      const closes: number[] = [];
      const socket = new WebSocket(server.wsUrl, { headers: { cookie: person.cookie } });
      await new Promise((resolve) => socket.on('open', resolve));
      socket.on('close', (code) => closes.push(code));
      await server.app.db.query(
        `UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1`,
        [person.user!.id],
      );
      expect((await person.get('/api/me')).status).toBe(401);
      await waitFor(() => closes.length > 0, 'the expired session’s socket to close');
    });

    it('changes a password (other sessions are signed out) and resets one with a one-time link', async () => {
      const person = await signUp(server.httpUrl, 'Mot de passe');
      const elsewhere = new Person(server.httpUrl);
      await elsewhere.post('/api/auth/login', {
        email: person.user!.email,
        password: 'un mot de passe solide',
      });
      expect(
        (
          await person.post('/api/auth/password', {
            currentPassword: 'faux',
            newPassword: 'nouveau secret',
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await person.post('/api/auth/password', {
            currentPassword: 'un mot de passe solide',
            newPassword: 'nouveau secret',
          })
        ).status,
      ).toBe(204);
      expect((await person.get('/api/me')).status).toBe(200);
      expect((await elsewhere.get('/api/me')).status).toBe(401);

      // Without SMTP, a pilote generates the link and passes it on.
      const link = await people.pilote.post(
        `/api/organisations/${organisationId}/members/${target.user!.id}/password-reset`,
      );
      expect(link.status).toBe(201);
      const token = String(link.body.url).split('/mot-de-passe/')[1]!;
      const anonymous = new Person(server.httpUrl);
      expect(
        (await anonymous.post('/api/auth/password-reset', { token, newPassword: 'réinitialisé !' }))
          .status,
      ).toBe(204);
      expect(
        (
          await anonymous.post('/api/auth/password-reset', {
            token,
            newPassword: 'encore une fois',
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await anonymous.post('/api/auth/login', {
            email: target.user!.email,
            password: 'réinitialisé !',
          })
        ).status,
      ).toBe(200);
      target.cookie = anonymous.cookie;
    });

    it('answers 429 to the 11th wrong password in a minute from one address', async () => {
      const isolated = await startServer(testConfig(storage));
      try {
        const person = new Person(isolated.httpUrl);
        const statuses: number[] = [];
        for (let i = 0; i < 11; i++) {
          statuses.push(
            (
              await person.post('/api/auth/login', {
                email: people.pilote.user!.email,
                password: `faux ${i}`,
              })
            ).status,
          );
        }
        expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
        expect(statuses[10]).toBe(429);
        const right = await person.post('/api/auth/login', {
          email: people.pilote.user!.email,
          password: 'un mot de passe solide',
        });
        expect(right.status).toBe(429);
        expect(right.body.message).toMatch(/Trop de tentatives/);
      } finally {
        await isolated.close();
      }
    });
  });

  describe('review fixes', () => {
    it('refuses a reset link for someone who belongs to an organisation the pilote does not run', async () => {
      const attacker = await signUp(server.httpUrl, 'Attaquant');
      const trap = (await attacker.post('/api/organisations', { name: 'Piège' })).body.id;
      const invite = await attacker.post(`/api/organisations/${trap}/invitations`, {
        role: 'lecteur',
      });
      const victim = people.membre;
      await victim.post(`/api/invitations/${invite.body.token}/accept`);
      const link = await attacker.post(
        `/api/organisations/${trap}/members/${victim.user!.id}/password-reset`,
      );
      expect(link.status).toBe(403);
      expect(link.body.message).toMatch(/Mot de passe oublié/);
      await victim.delete(`/api/organisations/${trap}/members/${victim.user!.id}`);
    });

    it('closes the live sockets of the other sessions when the password changes', async () => {
      const person = await signUp(server.httpUrl, 'Changement');
      const elsewhere = new Person(server.httpUrl);
      await elsewhere.post('/api/auth/login', {
        email: person.user!.email,
        password: 'un mot de passe solide',
      });
      const closes: number[] = [];
      const socket = new WebSocket(server.wsUrl, { headers: { cookie: elsewhere.cookie } });
      await new Promise((resolve) => socket.on('open', resolve));
      socket.on('close', (code) => closes.push(code));
      const own = new WebSocket(server.wsUrl, { headers: { cookie: person.cookie } });
      await new Promise((resolve) => own.on('open', resolve));
      expect(
        (
          await person.post('/api/auth/password', {
            currentPassword: 'un mot de passe solide',
            newPassword: 'encore autre',
          })
        ).status,
      ).toBe(204);
      await waitFor(() => closes.length > 0, 'the other session’s socket to close', 1000);
      expect(own.readyState).toBe(WebSocket.OPEN);
      own.close();
    });

    it('does not let a removed member come back through the link they used', async () => {
      const invite = await people.pilote.post(`/api/organisations/${organisationId}/invitations`, {
        role: 'membre',
      });
      const person = await signUp(server.httpUrl, 'Revenant');
      expect((await person.post(`/api/invitations/${invite.body.token}/accept`)).status).toBe(200);
      await people.pilote.delete(`/api/organisations/${organisationId}/members/${person.user!.id}`);
      const again = await person.post(`/api/invitations/${invite.body.token}/accept`);
      expect(again.status).toBe(404);
      expect((await person.get(`/api/cycles/${cycle.id}`)).status).toBe(404);
    });
  });

  describe('protections', () => {
    it('sends security headers with a CSP', async () => {
      const response = await fetch(`${server.httpUrl}/api/health`);
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('refuses cookie-authenticated writes coming from another site (CSRF)', async () => {
      const pilote = people.pilote;
      const evil = await pilote.request(
        'POST',
        '/api/organisations',
        { name: 'Piège' },
        { origin: 'http://evil.example' },
      );
      expect(evil.status).toBe(403);
      expect(evil.body.error).toBe('csrf');
      const crossSite = await pilote.request(
        'POST',
        '/api/organisations',
        { name: 'Piège' },
        { 'sec-fetch-site': 'cross-site' },
      );
      expect(crossSite.status).toBe(403);
      const sameOrigin = await pilote.request(
        'POST',
        '/api/organisations',
        { name: 'Légitime' },
        { origin: server.httpUrl, 'sec-fetch-site': 'same-origin' },
      );
      expect(sameOrigin.status).toBe(201);
    });

    it('refuses a WebSocket upgrade from a foreign Origin', async () => {
      const status = await new Promise<number>((resolve) => {
        const socket = new WebSocket(server.wsUrl, {
          origin: 'http://evil.example',
          headers: { cookie: people.pilote.cookie },
        });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('error', () => {});
      });
      expect(status).toBe(403);
      const sameOrigin = await new Promise<boolean>((resolve) => {
        const socket = new WebSocket(server.wsUrl, { origin: server.httpUrl });
        socket.on('open', () => {
          socket.close();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      expect(sameOrigin).toBe(true);
    });

    it('rejects unknown fields and over-long values on account routes', async () => {
      const person = new Person(server.httpUrl);
      const extra = await person.post('/api/auth/login', {
        email: 'a@b.c',
        password: 'x',
        admin: true,
      });
      expect(extra.status).toBe(400);
      const long = await person.post('/api/auth/signup', {
        email: 'a@b.fr',
        password: 'x'.repeat(201),
        name: 'A',
      });
      expect(long.status).toBe(400);
    });
  });

  describe('authorization matrix', () => {
    let matrixVersionId = '';
    let matrixAgVersionId = '';
    let matrixRowId = '';
    beforeAll(async () => {
      const reader = await connectClient(server.wsUrl, cycle.documentName, people.pilote);
      matrixRowId = readRows(reader.doc)[0]!.id;
      reader.destroy();
      matrixVersionId = (
        await people.pilote.post(`/api/cycles/${cycle.id}/versions`, {
          label: 'Version de la matrice',
          stage: 'board',
        })
      ).body.id;
      matrixAgVersionId = (
        await people.pilote.post(`/api/cycles/${cycle.id}/versions`, {
          label: 'Version de l’AG de la matrice',
          stage: 'general-assembly',
        })
      ).body.id;
      // "removed": signed in, then removed from the organisation by the pilote.
      expect(
        (
          await people.pilote.delete(
            `/api/organisations/${organisationId}/members/${people.removed.user!.id}`,
          )
        ).status,
      ).toBe(204);
    });

    interface RouteCase {
      name: string;
      permission: Permission;
      success: number;
      call(person: Person): Promise<Reply>;
    }

    const routes: RouteCase[] = [
      {
        name: 'list cycles',
        permission: 'cycle.read',
        success: 200,
        call: (p) => p.get(`/api/organisations/${organisationId}/cycles`),
      },
      {
        name: 'read a cycle',
        permission: 'cycle.read',
        success: 200,
        call: (p) => p.get(`/api/cycles/${cycle.id}`),
      },
      {
        name: 'create a cycle',
        permission: 'cycle.create',
        success: 201,
        call: (p) =>
          p.post(`/api/organisations/${organisationId}/cycles`, {
            year: 2040 + Math.floor(Math.random() * 50),
          }),
      },
      {
        name: 'list members',
        permission: 'members.read',
        success: 200,
        call: (p) => p.get(`/api/organisations/${organisationId}/members`),
      },
      {
        name: 'change a role',
        permission: 'members.manage',
        success: 200,
        call: (p) =>
          p.patch(`/api/organisations/${organisationId}/members/${target.user!.id}`, {
            role: 'membre',
          }),
      },
      {
        name: 'create an invitation',
        permission: 'members.manage',
        success: 201,
        call: (p) =>
          p.post(`/api/organisations/${organisationId}/invitations`, { role: 'lecteur' }),
      },
      {
        name: 'list invitations',
        permission: 'members.manage',
        success: 200,
        call: (p) => p.get(`/api/organisations/${organisationId}/invitations`),
      },
      {
        name: 'revoke an invitation',
        permission: 'members.manage',
        success: 204,
        call: async (p) => {
          const fresh = await people.pilote.post(
            `/api/organisations/${organisationId}/invitations`,
            { role: 'lecteur' },
          );
          return p.delete(`/api/organisations/${organisationId}/invitations/${fresh.body.id}`);
        },
      },
      {
        name: 'make a password-reset link',
        permission: 'members.manage',
        success: 201,
        call: (p) =>
          p.post(`/api/organisations/${organisationId}/members/${target.user!.id}/password-reset`),
      },
      {
        name: 'export the workbook',
        permission: 'cycle.export',
        success: 200,
        call: (p) => p.request('GET', `/api/cycles/${cycle.id}/export.xlsx`),
      },
      {
        name: 'freeze a version',
        permission: 'cycle.freeze',
        success: 201,
        call: (p) =>
          p.post(`/api/cycles/${cycle.id}/versions`, {
            label: 'Version de test',
            stage: 'working-group',
          }),
      },
      {
        name: 'list versions',
        permission: 'cycle.read',
        success: 200,
        call: (p) => p.get(`/api/cycles/${cycle.id}/versions`),
      },
      {
        name: 'read the members’ qualités',
        permission: 'members.read',
        success: 200,
        call: (p) => p.get(`/api/organisations/${organisationId}/profiles`),
      },
      {
        name: 'set another member’s qualité',
        permission: 'members.manage',
        success: 200,
        call: (p) =>
          p.request(
            'PUT',
            `/api/organisations/${organisationId}/members/${target.user!.id}/qualite`,
            {
              qualite: 'benevole',
            },
          ),
      },
      {
        name: 'read a version',
        permission: 'cycle.read',
        success: 200,
        call: (p) => p.get(`/api/versions/${matrixVersionId}`),
      },
      {
        name: 'compare a version with the live cycle',
        permission: 'cycle.read',
        success: 200,
        call: (p) => p.get(`/api/versions/${matrixVersionId}/compare?with=live`),
      },
      {
        name: 'read a version’s frozen state',
        permission: 'cycle.read',
        success: 200,
        call: (p) => p.request('GET', `/api/versions/${matrixVersionId}/state`),
      },
      {
        name: 'download what changed since a version',
        permission: 'cycle.export',
        success: 200,
        call: (p) => p.request('GET', `/api/versions/${matrixVersionId}/changes.xlsx?with=live`),
      },
      {
        name: 'restore a version',
        permission: 'cycle.freeze',
        success: 200,
        call: (p) =>
          p.post(`/api/versions/${matrixVersionId}/restore`, {
            scope: { kind: 'row', id: matrixRowId },
          }),
      },
      {
        name: 'create a public link',
        permission: 'cycle.freeze',
        success: 201,
        call: (p) => p.post(`/api/versions/${matrixVersionId}/links`, {}),
      },
      {
        name: 'list public links',
        permission: 'cycle.freeze',
        success: 200,
        call: (p) => p.get(`/api/versions/${matrixVersionId}/links`),
      },
      {
        name: 'revoke a public link',
        permission: 'cycle.freeze',
        success: 204,
        call: async (p) => {
          const fresh = await people.pilote.post(`/api/versions/${matrixVersionId}/links`, {});
          return p.delete(`/api/links/${fresh.body.id}`);
        },
      },
      {
        name: 'read a meeting record',
        permission: 'cycle.read',
        success: 200,
        call: (p) => p.get(`/api/versions/${matrixAgVersionId}/record`),
      },
      {
        name: 'write a meeting record',
        permission: 'cycle.freeze',
        success: 200,
        call: (p) =>
          p.request('PUT', `/api/versions/${matrixAgVersionId}/record`, {
            heldOn: '2027-06-20',
            present: 12,
            represented: 3,
            debate: 'Points débattus',
            adjustments: [],
            vote: null,
          }),
      },
      {
        name: 'move the cycle to another stage',
        permission: 'cycle.freeze',
        success: 204,
        call: (p) => p.post(`/api/cycles/${cycle.id}/stage`, { stage: 'working-group' }),
      },
      {
        name: 'read the audit log',
        permission: 'audit.read',
        success: 200,
        call: (p) => p.get(`/api/organisations/${organisationId}/audit`),
      },
      // ── comments (issue 12) ──
      ...commentRoutes(),
      // ── year after year (issue 15) ──
      {
        name: 'preview next year’s cycle',
        permission: 'cycle.create',
        success: 200,
        call: (p) => p.get(`/api/cycles/${cycle.id}/rollover-preview?year=2031`),
      },
      {
        name: 'read the figures year after year',
        permission: 'cycle.read',
        success: 200,
        call: (p) => p.get(`/api/cycles/${cycle.id}/years`),
      },
      // ── set-up (issue 17) ──
      {
        name: 'invite by e-mail',
        permission: 'members.manage',
        success: 201,
        call: (p) =>
          p.post(`/api/organisations/${organisationId}/invitations/email`, {
            email: `matrice.${Date.now()}.${Math.random().toString(36).slice(2)}@example.org`,
            role: 'membre',
            qualite: 'benevole',
          }),
      },
      {
        name: 'list pending e-mail invitations',
        permission: 'members.manage',
        success: 200,
        call: (p) => p.get(`/api/organisations/${organisationId}/invitations/pending`),
      },
      // ── exports (issue 19) ──
      {
        name: 'download the synthesis as DOCX',
        permission: 'cycle.export',
        success: 200,
        call: (p) => p.get(`/api/cycles/${cycle.id}/synthesis.docx`),
      },
      {
        name: 'read an indicator’s history',
        permission: 'cycle.read',
        success: 200,
        call: async (p) => {
          const model = readCycle(await server.app.documents.loadDoc(cycle.documentName));
          return p.get(`/api/cycles/${cycle.id}/rows/${model.rows[0]!.id}/history`);
        },
      },
    ];

    const threads = new Map<Person, Promise<{ id: string; messageId: string }>>();
    /** A thread opened by `p` when their role may comment, by the pilote otherwise (`fresh`: a new one). */
    function threadOf(p: Person, fresh = false): Promise<{ id: string; messageId: string }> {
      const author = [people.pilote, people.membre, people.commentateur].includes(p)
        ? p
        : people.pilote;
      if (fresh) return openThread(author);
      if (!threads.has(author)) threads.set(author, openThread(author));
      return threads.get(author)!;
    }

    async function openThread(author: Person): Promise<{ id: string; messageId: string }> {
      const model = readCycle(await server.app.documents.loadDoc(cycle.documentName));
      const reply = await author.post(`/api/cycles/${cycle.id}/threads`, {
        anchor: { kind: 'row', id: model.rows[0]!.id },
        body: 'Fil de la matrice',
      });
      return { id: reply.body.id, messageId: reply.body.messages[0].id };
    }

    function commentRoutes(): RouteCase[] {
      const base = (id: string) => `/api/threads/${id}`;
      return [
        {
          name: 'list threads',
          permission: 'cycle.read',
          success: 200,
          call: (p) => p.get(`/api/cycles/${cycle.id}/threads`),
        },
        {
          name: 'open a thread',
          permission: 'cycle.comment',
          success: 201,
          call: async (p) => {
            const model = readCycle(await server.app.documents.loadDoc(cycle.documentName));
            return p.post(`/api/cycles/${cycle.id}/threads`, {
              anchor: { kind: 'row', id: model.rows[0]!.id },
              body: 'Question de la matrice',
            });
          },
        },
        {
          name: 'read a thread',
          permission: 'cycle.read',
          success: 200,
          call: async (p) => p.get(base((await threadOf(p)).id)),
        },
        {
          name: 'reply in a thread',
          permission: 'cycle.comment',
          success: 201,
          call: async (p) =>
            p.post(`${base((await threadOf(p)).id)}/messages`, { body: 'Réponse' }),
        },
        {
          name: 'edit one’s message',
          permission: 'cycle.comment',
          success: 200,
          call: async (p) => {
            const thread = await threadOf(p, true);
            return p.patch(`${base(thread.id)}/messages/${thread.messageId}`, { body: 'Modifié' });
          },
        },
        {
          name: 'delete one’s message',
          permission: 'cycle.comment',
          success: 200,
          call: async (p) => {
            const thread = await threadOf(p, true);
            return p.delete(`${base(thread.id)}/messages/${thread.messageId}`);
          },
        },
        {
          name: 'resolve one’s thread',
          permission: 'cycle.comment',
          success: 200,
          call: async (p) => p.post(`${base((await threadOf(p)).id)}/resolve`),
        },
        {
          name: 'reopen one’s thread',
          permission: 'cycle.comment',
          success: 200,
          call: async (p) => p.post(`${base((await threadOf(p)).id)}/reopen`),
        },
        {
          name: 'mark a thread read',
          permission: 'cycle.read',
          success: 204,
          call: async (p) => p.post(`${base((await threadOf(p)).id)}/read`),
        },
        {
          name: 'read a version’s threads',
          permission: 'cycle.read',
          success: 200,
          call: async (p) => {
            const version = await people.pilote.post(`/api/cycles/${cycle.id}/versions`, {
              label: 'Version des fils',
              stage: 'working-group',
            });
            return p.get(`/api/versions/${version.body.id}/threads`);
          },
        },
      ];
    }

    const cases = routes.flatMap((route) => ACTORS.map((who) => [route.name, who, route] as const));

    it.each(cases)('HTTP %s as %s', async (_name, who, route) => {
      const reply = await route.call(actor(who));
      expect(reply.status).toBe(expectedStatus(who, route.permission, route.success));
      if (reply.status >= 400)
        expect(reply.body).toEqual({ error: expect.any(String), message: expect.any(String) });
    });

    // Account routes act on the signed-in person only: anonymous gets 401, anyone signed in (a
    // member or not, even removed from the organisation) reaches their own account.
    const accountRoutes: [string, number, (p: Person) => Promise<Reply>][] = [
      ['read my stage reminders setting', 200, (p) => p.get('/api/me/stage-reminders')],
      [
        'turn my stage reminders on',
        200,
        (p) => p.request('PUT', '/api/me/stage-reminders', { enabled: true }),
      ],
      ['change my name', 200, (p) => p.patch('/api/account', { name: p.user?.name ?? 'Anonyme' })],
      [
        'ask to change my e-mail with a wrong password',
        403,
        (p) =>
          p.post('/api/account/email', {
            email: `nouvelle.${Math.random().toString(36).slice(2)}@example.org`,
            password: 'pas le bon mot de passe',
          }),
      ],
    ];
    // The confirmation link works without being signed in (opened from the mail on any device).
    it.each(ACTORS)('account: confirm an unknown e-mail change as %s', async (who) => {
      const reply = await actor(who).post('/api/account/email/confirm', { token: 'x'.repeat(43) });
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({ error: expect.any(String), message: expect.any(String) });
    });
    // Sign-up links are public too (opened from the mail before any session exists): an unknown
    // one is refused alike for everyone, checked or used.
    it.each(ACTORS)('account: check and confirm an unknown sign-up link as %s', async (who) => {
      for (const [path, body] of [
        ['/api/auth/signup/check', { token: 'x'.repeat(43) }],
        ['/api/auth/signup/confirm', { token: 'x'.repeat(43), password: 'un mot de passe' }],
      ] as const) {
        const reply = await actor(who).post(path, body);
        expect(reply.status).toBe(400);
        expect(reply.body).toEqual({ error: 'invalid_signup_link', message: expect.any(String) });
      }
    });
    it.each(
      accountRoutes.flatMap(([name, status, call]) =>
        ACTORS.map((who) => [name, who, status, call] as const),
      ),
    )('account: %s as %s', async (_name, who, status, call) => {
      const reply = await call(actor(who));
      if (who === 'anonymous') expect(reply.status).toBe(401);
      else expect(reply.status).toBe(status);
      if (reply.status >= 400)
        expect(reply.body).toEqual({ error: expect.any(String), message: expect.any(String) });
    });

    it.each(ACTORS)('socket: open, update and awareness as %s', async (who) => {
      const person = who === 'anonymous' ? null : people[who];
      const document = server.app.hocuspocus.documents.get(cycle.documentName);
      const observer = await connectClient(server.wsUrl, cycle.documentName, people.pilote);
      const serverDoc = server.app.hocuspocus.documents.get(cycle.documentName) ?? document;
      const before = Y.encodeStateAsUpdate(serverDoc!);
      const session = openAs(server.wsUrl, cycle.documentName, person);
      try {
        const outcome = await session.outcome;
        if (who === 'anonymous') {
          expect(outcome).toEqual({ ok: false, reason: CloseCodes.Unauthorized.reason });
          return;
        }
        if (who === 'non-member' || who === 'removed') {
          expect(outcome).toEqual({ ok: false, reason: CloseCodes.DocumentNotFound.reason });
          return;
        }
        const mayEdit = can(who, 'cycle.edit');
        expect(outcome).toEqual({ ok: true, readOnly: !mayEdit });
        await waitFor(() => session.provider.isSynced, 'sync');

        // Update: applied for editors; refused, leaving the server document byte-identical, otherwise.
        const rowId = readRows(session.doc)[0]!.id;
        rowText(session.doc, rowId, 'sources').insert(0, `écrit par ${who} `);
        // Awareness: anyone may say where they are, but under the name the server knows. It travels
        // on the same socket after the update, so once it arrives the update has been handled.
        session.provider.setAwarenessField('user', { name: 'Nom inventé', color: '#123456' });
        const expectedName = person!.user!.name;
        await waitFor(
          () =>
            [...observer.provider.awareness!.getStates().values()].some(
              (state) => (state.user as { name?: string } | undefined)?.name === expectedName,
            ),
          'presence under the server-known name',
        );
        const names = [...observer.provider.awareness!.getStates().values()].map(
          (s) => (s.user as { name?: string })?.name,
        );
        expect(names).not.toContain('Nom inventé');
        if (mayEdit) {
          await waitFor(
            () => rowText(observer.doc, rowId, 'sources').toString().includes(`écrit par ${who}`),
            'update applied',
          );
        } else {
          expect(Buffer.from(Y.encodeStateAsUpdate(serverDoc!)).equals(Buffer.from(before))).toBe(
            true,
          );
          expect(rowText(observer.doc, rowId, 'sources').toString()).not.toContain(
            `écrit par ${who}`,
          );
        }
      } finally {
        session.destroy();
        observer.destroy();
      }
    });

    it('opens the document read-only after a role is lowered, and closes a removed member’s socket within a second', async () => {
      const person = await signUp(server.httpUrl, 'Bientôt partie');
      const invite = await people.pilote.post(`/api/organisations/${organisationId}/invitations`, {
        role: 'membre',
      });
      await person.post(`/api/invitations/${invite.body.token}/accept`);

      const closes: number[] = [];
      const socket = new WebSocket(server.wsUrl, { headers: { cookie: person.cookie } });
      await new Promise((resolve) => socket.on('open', resolve));
      socket.on('close', (code) => closes.push(code));

      expect(
        (
          await people.pilote.delete(
            `/api/organisations/${organisationId}/members/${person.user!.id}`,
          )
        ).status,
      ).toBe(204);
      await waitFor(() => closes.length > 0, 'the removed member’s socket to close', 1000);
      expect(closes[0]).toBe(MembershipChanged.code);

      const again = openAs(server.wsUrl, cycle.documentName, person);
      expect(await again.outcome).toEqual({
        ok: false,
        reason: CloseCodes.DocumentNotFound.reason,
      });
      again.destroy();
    });
  });

  describe('cross-organisation tampering', () => {
    let versionId = '';
    beforeAll(async () => {
      versionId = (
        await people.pilote.post(`/api/cycles/${cycle.id}/versions`, {
          label: 'Figée',
          stage: 'board',
        })
      ).body.id;
    });

    it('answers 404, never data, on every route with another organisation’s ids', async () => {
      const outsider = people['non-member'];
      const replies = await Promise.all([
        outsider.get(`/api/organisations/${organisationId}/cycles`),
        outsider.post(`/api/organisations/${organisationId}/cycles`, { year: 2099 }),
        outsider.get(`/api/cycles/${cycle.id}`),
        outsider.get(`/api/organisations/${organisationId}/members`),
        outsider.patch(`/api/organisations/${organisationId}/members/${target.user!.id}`, {
          role: 'pilote',
        }),
        outsider.delete(`/api/organisations/${organisationId}/members/${target.user!.id}`),
        outsider.post(
          `/api/organisations/${organisationId}/members/${target.user!.id}/password-reset`,
        ),
        outsider.get(`/api/organisations/${organisationId}/invitations`),
        outsider.post(`/api/organisations/${organisationId}/invitations`, { role: 'pilote' }),
        outsider.delete(`/api/organisations/${organisationId}/invitations/${invitationId}`),
        outsider.get(`/api/organisations/${organisationId}/audit`),
        outsider.get(`/api/cycles/${cycle.id}/export.xlsx`),
        outsider.get(`/api/cycles/${cycle.id}/export.pdf`),
        outsider.get(`/api/cycles/${cycle.id}/synthese.pdf`),
        outsider.get(`/api/cycles/${cycle.id}/export.docx`), // exports (issue 19)
        outsider.get(`/api/cycles/${cycle.id}/versions`),
        outsider.post(`/api/cycles/${cycle.id}/versions`, { label: 'Intrus', stage: 'board' }),
        outsider.get(`/api/versions/${versionId}/export.xlsx`),
        outsider.get(`/api/versions/${versionId}/export.pdf`),
        outsider.get(`/api/versions/${versionId}`),
        outsider.get(`/api/versions/${versionId}/state`),
        outsider.get(`/api/versions/${versionId}/compare?with=live`),
        outsider.get(`/api/versions/${versionId}/changes.pdf?with=live`),
        outsider.post(`/api/versions/${versionId}/restore`),
        outsider.post(`/api/versions/${versionId}/links`, {}),
        outsider.get(`/api/versions/${versionId}/links`),
        outsider.get(`/api/versions/${versionId}/record`),
        outsider.post(`/api/cycles/${cycle.id}/stage`, { stage: 'board' }),
        outsider.get(`/api/versions/${versionId}/export.docx`), // exports (issue 19)
        outsider.post(
          `/api/cycles/${cycle.id}/import/00000000-0000-4000-8000-000000000000/confirm`,
        ),
        // Their own organisation in the path, someone else's member or invitation in it.
        outsider.patch(`/api/organisations/${otherOrganisationId}/members/${target.user!.id}`, {
          role: 'lecteur',
        }),
        outsider.delete(`/api/organisations/${otherOrganisationId}/members/${target.user!.id}`),
        outsider.delete(`/api/organisations/${otherOrganisationId}/invitations/${invitationId}`),
        outsider.post(
          `/api/organisations/${otherOrganisationId}/members/${target.user!.id}/password-reset`,
        ),
      ]);
      for (const reply of replies) {
        expect(reply.status).toBe(404);
        expect(Object.keys(reply.body).sort()).toEqual(['error', 'message']);
      }
      // And nothing changed: the target is still a membre of the first organisation.
      const members = await people.pilote.get(`/api/organisations/${organisationId}/members`);
      expect(members.body.find((m: { userId: string }) => m.userId === target.user!.id)?.role).toBe(
        'membre',
      );
    });
  });

  it('records who did what in the audit log, readable by pilotes', async () => {
    const log = await people.pilote.get(`/api/organisations/${organisationId}/audit`);
    const actions = (log.body as { action: string }[]).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'organisation.created',
        'cycle.created',
        'invitation.created',
        'invitation.accepted',
        'member.removed',
      ]),
    );
  });

  it('keeps at least one pilote', async () => {
    const reply = await people.pilote.patch(
      `/api/organisations/${organisationId}/members/${people.pilote.user!.id}`,
      {
        role: 'membre',
      },
    );
    expect(reply.status).toBe(409);
    expect(reply.body.error).toBe('last_pilote');
  });

  it.each(MEMBER_ROLES)('lists the organisation in /api/me with the role %s', async (role) => {
    const me = await people[role].get('/api/me');
    expect(me.body.organisations).toContainEqual({
      id: organisationId,
      name: 'Association des Tests',
      role,
    });
  });
});
