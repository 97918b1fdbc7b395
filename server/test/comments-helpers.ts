/** Helpers shared by the comment tests. */
import { expect } from 'vitest';
import { byOrder, domainNumbers, type CycleModel } from '@pilotis/shared';
import { signUp, type Person, type RunningServer } from './helpers.ts';

type Role = 'membre' | 'commentateur' | 'lecteur';

/** Invite a new person with `role` into the organisation. */
export async function join(
  server: RunningServer,
  pilote: Person,
  organisationId: string,
  role: Role,
  name: string,
): Promise<Person> {
  const invitation = await pilote.post(`/api/organisations/${organisationId}/invitations`, {
    role,
  });
  const person = await signUp(server.httpUrl, name);
  const accepted = await person.post(`/api/invitations/${invitation.body.token}/accept`);
  expect(accepted.status).toBe(200);
  return person;
}

/** The id of row n°`index` of domain `number` ("1.3") in a model. */
export function rowId(model: CycleModel, number: string, index: number): string {
  const numbers = domainNumbers(model.themes, model.domains);
  const domain = model.domains.find((d) => numbers.get(d.id) === number)!;
  const rows = model.rows.filter((r) => r.domainId === domain.id).sort(byOrder);
  return rows[index - 1]!.id;
}
