import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { isUuid } from '../schemas.ts';

export interface Organisation {
  id: string;
  name: string;
}

export async function createOrganisation(db: Queryable, name: string): Promise<Organisation> {
  const id = randomUUID();
  await db.query('INSERT INTO organisations (id, name) VALUES ($1, $2)', [id, name]);
  return { id, name };
}

export async function listOrganisations(db: Queryable): Promise<Organisation[]> {
  return db.query<Organisation>('SELECT id, name FROM organisations ORDER BY created_at, name');
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
