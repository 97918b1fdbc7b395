/**
 * One test set-up shared by suites that need a running server, a cycle, its pilote, one more
 * member with a given role and an outsider: registers its own beforeAll/afterAll in the calling
 * describe block and fills the returned object.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '@pilotis/shared';
import {
  createCycle,
  createStorage,
  signUp,
  startServer,
  testConfig,
  type Person,
  type RunningServer,
  type Storage,
} from './helpers.ts';

export interface CycleFixture {
  server: RunningServer;
  pilote: Person;
  member: Person;
  outsider: Person;
  cycle: { id: string; organisationId: string; documentName: string };
}

export function cycleWithMember(
  backend: Storage['name'],
  role: Role,
  memberName: string,
): CycleFixture {
  const fixture = {} as CycleFixture;
  let storage: Storage | undefined;
  beforeAll(async () => {
    storage = await createStorage(backend);
    fixture.server = await startServer(testConfig(storage));
    const created = await createCycle(fixture.server.httpUrl, 2026);
    fixture.pilote = created.pilote;
    fixture.cycle = created;
    fixture.member = await signUp(fixture.server.httpUrl, memberName);
    const invitation = await created.pilote.post(
      `/api/organisations/${created.organisationId}/invitations`,
      { role },
    );
    await fixture.member.post(`/api/invitations/${invitation.body.token}/accept`);
    fixture.outsider = await signUp(fixture.server.httpUrl, 'Olga Outsider');
  });
  afterAll(async () => {
    await fixture.server?.close();
    await storage?.dispose();
  });
  return fixture;
}
