import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows, readSetup, rowText, setPilots } from '@pilotis/shared';
import {
  BACKENDS,
  Person,
  acknowledged,
  connectClient,
  waitFor,
  createCycle,
  createStorage,
  signUp,
  startServer,
  testConfig,
  type RunningServer,
  type Storage,
} from './helpers.ts';

/** `guest` joins `organisationId` as `role` through an invitation made by `pilote`. */
async function join(pilote: Person, guest: Person, organisationId: string, role: string) {
  const invitation = await pilote.post(`/api/organisations/${organisationId}/invitations`, {
    role,
  });
  const accepted = await guest.post(`/api/invitations/${invitation.body.token}/accept`);
  expect(accepted.status).toBe(200);
}

describe.each(BACKENDS)('member qualités and cycle set-up on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  let pilote: Person;
  let membre: Person;
  let outsider: Person;
  let cycle: Awaited<ReturnType<typeof createCycle>>;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
    pilote = await signUp(server.httpUrl, 'Pauline Pilote');
    membre = await signUp(server.httpUrl, 'Élodie N’Diaye');
    outsider = await signUp(server.httpUrl, 'Hors Champ');
    cycle = await createCycle(server.httpUrl, 2027, pilote);
    await join(pilote, membre, cycle.organisationId, 'membre');
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  const profiles = (person: Person) =>
    person.get(`/api/organisations/${cycle.organisationId}/profiles`);
  const setQualite = (person: Person, userId: string, qualite: unknown) =>
    person.request('PUT', `/api/organisations/${cycle.organisationId}/members/${userId}/qualite`, {
      qualite,
    });

  it('keeps each person’s qualité per organisation: the pilote or the person says it', async () => {
    const before = await profiles(membre);
    expect(before.status).toBe(200);
    expect(before.body).toContainEqual({
      userId: membre.user!.id,
      name: 'Élodie N’Diaye',
      qualite: null,
    });

    expect((await setQualite(membre, membre.user!.id, 'elu')).body).toEqual({
      userId: membre.user!.id,
      name: 'Élodie N’Diaye',
      qualite: 'elu',
    });
    expect((await setQualite(pilote, pilote.user!.id, 'salarie')).status).toBe(200);
    // A membre does not say someone else's qualité; a pilote may.
    const refused = await setQualite(membre, pilote.user!.id, 'benevole');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: 'forbidden', message: expect.any(String) });
    expect((await setQualite(pilote, membre.user!.id, 'benevole')).body.qualite).toBe('benevole');

    const after = await profiles(pilote);
    expect(after.body).toEqual(
      expect.arrayContaining([
        { userId: pilote.user!.id, name: 'Pauline Pilote', qualite: 'salarie' },
        { userId: membre.user!.id, name: 'Élodie N’Diaye', qualite: 'benevole' },
      ]),
    );

    // Another organisation of the same person keeps its own qualité.
    const other = await createCycle(server.httpUrl, 2027, membre);
    expect((await membre.get(`/api/organisations/${other.organisationId}/profiles`)).body).toEqual([
      { userId: membre.user!.id, name: 'Élodie N’Diaye', qualite: null },
    ]);
  });

  it('refuses an unknown qualité, a stranger, and a foreign member with the usual errors', async () => {
    const unknown = await setQualite(pilote, membre.user!.id, 'président');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ error: expect.any(String), message: expect.any(String) });
    expect((await profiles(outsider)).status).toBe(404);
    expect((await setQualite(outsider, outsider.user!.id, 'elu')).status).toBe(404);
    const foreign = await setQualite(pilote, outsider.user!.id, 'elu');
    expect(foreign.status).toBe(404);
    expect((await setQualite(pilote, 'pas-un-id', 'elu')).status).toBe(404);
  });
  it('changes one’s name everywhere the set-up names them', async () => {
    const renamed = await membre.request('PATCH', '/api/account', { name: 'Élodie N’Diaye-Roux' });
    expect(renamed.status).toBe(200);
    expect((await membre.get('/api/me')).body.user.name).toBe('Élodie N’Diaye-Roux');
    const bad = await membre.request('PATCH', '/api/account', { name: 'A\u202Eb' });
    expect(bad.status).toBe(400);
    // Refused before the route by the request character check (issue 18 #9), naming the field.
    expect(bad.body).toEqual({
      error: 'invalid_characters',
      message: expect.stringMatching(/« name »/),
    });
  });

  it('deletes an account: the text stays, the set-up says “Ancien membre”, sign-in and sockets are gone', async () => {
    const leaving = await signUp(server.httpUrl, 'Jeanne Départ');
    await join(pilote, leaving, cycle.organisationId, 'membre');
    const client = await connectClient(server.wsUrl, cycle.documentName, leaving);
    const rowId = readRows(client.doc)[0]!.id;
    rowText(client.doc, rowId, 'sources').insert(0, 'Écrit par Jeanne : 38,5 % ’ 🙂');
    client.doc.transact(() =>
      setPilots(client.doc, [
        { userId: leaving.user!.id, name: 'Jeanne Départ', qualite: 'usager' },
      ]),
    );
    await acknowledged(client);
    const closes: number[] = [];
    client.socket.on('close', ({ event }: { event: { code: number } }) => closes.push(event.code));

    expect(
      (await leaving.request('DELETE', '/api/account', { password: 'pas le bon' })).status,
    ).toBe(403);
    // The last pilote of an organisation with other members must hand over first.
    const lastPilote = await pilote.request('DELETE', '/api/account', {
      password: 'un mot de passe solide',
    });
    expect(lastPilote.status).toBe(409);

    const deleted = await leaving.request('DELETE', '/api/account', {
      password: 'un mot de passe solide',
    });
    expect(deleted.status).toBe(204);
    await waitFor(() => closes.length > 0, 'the deleted account’s socket to close', 2000);
    client.destroy();

    expect((await leaving.get('/api/me')).status).toBe(401);
    const anonymous = new Person(server.httpUrl);
    expect(
      (
        await anonymous.post('/api/auth/login', {
          email: leaving.user!.email,
          password: 'un mot de passe solide',
        })
      ).status,
    ).toBe(401);

    const observer = await connectClient(server.wsUrl, cycle.documentName, pilote);
    expect(rowText(observer.doc, rowId, 'sources').toString()).toContain(
      'Écrit par Jeanne : 38,5 % ’ 🙂',
    );
    expect(readSetup(observer.doc).pilots).toEqual([
      { userId: leaving.user!.id, name: 'Ancien membre', qualite: 'usager' },
    ]);
    observer.destroy();
    expect((await profiles(pilote)).body.map((p: { userId: string }) => p.userId)).not.toContain(
      leaving.user!.id,
    );
  });
});
