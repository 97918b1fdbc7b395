/**
 * Membership checks shared by every route: a non-member sees a 404 (never a hint that the
 * organisation or cycle exists), a member whose role lacks the permission gets a 403.
 */
import { can, type Permission, type Role } from '@pilotis/shared';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import { requireAuth } from '../../plugins/auth.plugin.ts';
import { isUuid } from '../schemas.ts';

export async function roleIn(
  db: Queryable,
  userId: string,
  organisationId: string,
): Promise<Role | null> {
  if (!isUuid(organisationId)) return null;
  const [row] = await db.query<{ role: Role }>(
    'SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2',
    [organisationId, userId],
  );
  return row?.role ?? null;
}

/**
 * The roles of several people, each in one organisation, in one query: by `userId:organisationId`,
 * absent when that person is not (or no longer) a member.
 */
export async function rolesIn(
  db: Queryable,
  pairs: { userId: string; organisationId: string }[],
): Promise<Map<string, Role>> {
  const valid = pairs.filter((pair) => isUuid(pair.userId) && isUuid(pair.organisationId));
  const roles = new Map<string, Role>();
  if (valid.length === 0) return roles;
  const rows = await db.query<{ user_id: string; organisation_id: string; role: Role }>(
    `SELECT m.user_id::text AS user_id, m.organisation_id::text AS organisation_id, m.role
       FROM memberships m
       JOIN unnest($1::uuid[], $2::uuid[]) AS wanted(user_id, organisation_id)
         ON m.user_id = wanted.user_id AND m.organisation_id = wanted.organisation_id`,
    [valid.map((pair) => pair.userId), valid.map((pair) => pair.organisationId)],
  );
  for (const row of rows) roles.set(`${row.user_id}:${row.organisation_id}`, row.role);
  return roles;
}

export const forbidden = () =>
  new AppError(403, 'forbidden', 'Votre rôle ne permet pas cette action.');

/** The caller's role in the organisation, checked against `permission`. */
export async function requireAccess(
  db: Queryable,
  request: FastifyRequest,
  organisationId: string,
  permission: Permission,
  notFoundMessage = 'Organisation introuvable.',
): Promise<{ userId: string; role: Role }> {
  const { user } = requireAuth(request);
  const role = await roleIn(db, user.id, organisationId);
  if (!role) throw notFound(notFoundMessage);
  if (!can(role, permission)) throw forbidden();
  return { userId: user.id, role };
}
