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
