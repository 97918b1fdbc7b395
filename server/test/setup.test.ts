import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  type Person,
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
});
