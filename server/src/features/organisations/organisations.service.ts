import { randomUUID } from 'node:crypto';
import type { Role } from '@pilotis/shared';
import type { Database, Queryable } from '../../db/database.ts';
import { audit } from '../audit/audit.service.ts';
import { notFound } from '../../errors.ts';
import { isUuid } from '../schemas.ts';

export interface Organisation {
  id: string;
  name: string;
}

/** Create an organisation; its creator becomes its pilote. */
export async function createOrganisation(
  db: Database,
  name: string,
  creatorId: string,
): Promise<Organisation> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO organisations (id, name) VALUES ($1, $2)', [id, name]);
    await tx.query(
      `INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'pilote')`,
      [id, creatorId],
    );
    await audit(tx, id, creatorId, 'organisation.created', { name });
  });
  return { id, name };
}

/** The organisations a user belongs to, with their role. */
export async function listOrganisations(
  db: Queryable,
  userId: string,
): Promise<(Organisation & { role: Role })[]> {
  return db.query<Organisation & { role: Role }>(
    `SELECT o.id, o.name, m.role FROM memberships m JOIN organisations o ON o.id = m.organisation_id
      WHERE m.user_id = $1 ORDER BY o.created_at, o.name`,
    [userId],
  );
}

/** The organisation, or a 404 (unknown and foreign ids look the same). */
export async function getOrganisation(db: Queryable, id: string): Promise<Organisation> {
  if (!isUuid(id)) throw notFound('Organisation introuvable.');
  const [organisation] = await db.query<Organisation>(
    'SELECT id, name FROM organisations WHERE id = $1',
    [id],
  );
  if (!organisation) throw notFound('Organisation introuvable.');
  return organisation;
}
