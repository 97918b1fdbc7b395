/**
 * Each member's *qualité* in an organisation (memberships.qualite): salarié, élu·e, bénévole,
 * usager·ère, partenaire, autre, or not said (null).
 */
import type { MemberKind } from '@pilotis/shared';
import type { Queryable } from '../../db/database.ts';
import { notFound } from '../../errors.ts';

export interface Profile {
  userId: string;
  name: string;
  qualite: MemberKind | null;
}

/** Every member of the organisation with their qualité, by name. */
export async function listProfiles(db: Queryable, organisationId: string): Promise<Profile[]> {
  return db.query<Profile>(
    `SELECT u.id AS "userId", u.name, m.qualite FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organisation_id = $1 ORDER BY u.name`,
    [organisationId],
  );
}

/** Sets one member's qualité (null: not said); a person who is not a member is a 404. */
export async function setQualite(
  db: Queryable,
  organisationId: string,
  userId: string,
  qualite: MemberKind | null,
): Promise<Profile> {
  const [row] = await db.query<Profile>(
    `UPDATE memberships m SET qualite = $3 FROM users u
      WHERE m.organisation_id = $1 AND m.user_id = $2 AND u.id = m.user_id
      RETURNING u.id AS "userId", u.name, m.qualite`,
    [organisationId, userId, qualite],
  );
  if (!row) throw notFound('Membre introuvable.');
  return row;
}
