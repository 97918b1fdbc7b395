/**
 * Members of an organisation, their roles, and invitation links that carry a role.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@pilotis/shared';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { audit } from '../audit/audit.service.ts';

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

export async function listMembers(db: Queryable, organisationId: string): Promise<Member[]> {
  return db.query<Member>(
    `SELECT u.id AS "userId", u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organisation_id = $1 ORDER BY u.name`,
    [organisationId],
  );
}

export async function addMember(
  db: Queryable,
  organisationId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await db.query(
    `INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (organisation_id, user_id) DO NOTHING`,
    [organisationId, userId, role],
  );
}

async function pilotesLeft(
  db: Queryable,
  organisationId: string,
  exceptUserId: string,
): Promise<number> {
  const [row] = await db.query<{ count: string | number }>(
    `SELECT count(*) AS count FROM memberships WHERE organisation_id = $1 AND role = 'pilote' AND user_id <> $2`,
    [organisationId, exceptUserId],
  );
  return Number(row?.count ?? 0);
}

const lastPilote = () =>
  new AppError(
    409,
    'last_pilote',
    'L’organisation doit garder au moins un pilote : nommez-en un autre avant.',
  );

/** Change a member's role; the last pilote cannot step down. */
export async function changeRole(
  db: Database,
  organisationId: string,
  userId: string,
  role: Role,
  byUserId: string,
): Promise<Member> {
  return db.transaction(async (tx) => {
    const [current] = await tx.query<{ role: Role }>(
      'SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2 FOR UPDATE',
      [organisationId, userId],
    );
    if (!current) throw notFound('Membre introuvable.');
    if (
      current.role === 'pilote' &&
      role !== 'pilote' &&
      (await pilotesLeft(tx, organisationId, userId)) === 0
    ) {
      throw lastPilote();
    }
    await tx.query('UPDATE memberships SET role = $3 WHERE organisation_id = $1 AND user_id = $2', [
      organisationId,
      userId,
      role,
    ]);
    await audit(tx, organisationId, byUserId, 'member.role_changed', {
      userId,
      from: current.role,
      to: role,
    });
    const [member] = (await listMembers(tx, organisationId)).filter((m) => m.userId === userId);
    return member!;
  });
}

/**
 * Remove a member. When a pilote removes them, the invitation links they joined through are
 * revoked too, so a removed person cannot come straight back with the same link; leaving on one's
 * own revokes nothing.
 */
export async function removeMember(
  db: Database,
  organisationId: string,
  userId: string,
  byUserId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE', [organisationId]);
    const [current] = await tx.query<{ role: Role }>(
      'SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2 FOR UPDATE',
      [organisationId, userId],
    );
    if (!current) throw notFound('Membre introuvable.');
    if (current.role === 'pilote' && (await pilotesLeft(tx, organisationId, userId)) === 0) {
      throw lastPilote();
    }
    await tx.query('DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2', [
      organisationId,
      userId,
    ]);
    // Removed by someone else: the links they used die, so they cannot come straight back. A
    // person leaving on their own does not revoke a link others still use (issue 18 #13).
    const revoked =
      byUserId === userId
        ? []
        : await tx.query<{ id: string }>(
            `UPDATE invitations SET revoked_at = now()
              WHERE organisation_id = $1 AND revoked_at IS NULL
                AND id IN (SELECT invitation_id FROM invitation_acceptances WHERE user_id = $2)
              RETURNING id`,
            [organisationId, userId],
          );
    await audit(tx, organisationId, byUserId, 'member.removed', {
      userId,
      role: current.role,
      invitationsRevoked: revoked.map((row) => row.id),
    });
  });
}

/**
 * True when `byUserId` is pilote of every organisation `userId` belongs to: only then may they
 * make a password-reset link for them (otherwise a pilote of a throw-away organisation could take
 * over an account that has rights elsewhere).
 */
export async function mayResetPasswordOf(
  db: Queryable,
  byUserId: string,
  userId: string,
): Promise<boolean> {
  const [row] = await db.query<{ outside: string | number }>(
    `SELECT count(*) AS outside FROM memberships target
      WHERE target.user_id = $2
        AND NOT EXISTS (
          SELECT 1 FROM memberships mine
           WHERE mine.organisation_id = target.organisation_id AND mine.user_id = $1 AND mine.role = 'pilote'
        )`,
    [byUserId, userId],
  );
  return Number(row?.outside ?? 1) === 0;
}

export interface Invitation {
  id: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  revoked: boolean;
  acceptedCount: number;
  /** The link's token while it can still be used and was kept (links made since migration 008). */
  token?: string;
}

interface InvitationRow {
  id: string;
  role: Role;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  accepted_count: number;
  link_token?: string | null;
}

const toInvitation = (row: InvitationRow): Invitation => ({
  id: row.id,
  role: row.role,
  createdAt: new Date(row.created_at).toISOString(),
  expiresAt: new Date(row.expires_at).toISOString(),
  revoked: row.revoked_at !== null,
  acceptedCount: Number(row.accepted_count),
  ...(row.link_token && row.revoked_at === null && new Date(row.expires_at) > new Date()
    ? { token: row.link_token }
    : {}),
});

/** A new invitation link for a role, valid `days` days. Returns the token once (only its hash is kept). */
export async function createInvitation(
  db: Queryable,
  organisationId: string,
  role: Role,
  days: number,
  byUserId: string,
): Promise<Invitation & { token: string }> {
  const token = newToken();
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  await db.query(
    `INSERT INTO invitations (id, organisation_id, role, token_hash, link_token, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, organisationId, role, hashToken(token), token, byUserId, expiresAt],
  );
  await audit(db, organisationId, byUserId, 'invitation.created', {
    invitationId: id,
    role,
    expiresAt,
  });
  return {
    id,
    role,
    createdAt: new Date().toISOString(),
    expiresAt: expiresAt.toISOString(),
    revoked: false,
    acceptedCount: 0,
    token,
  };
}

export async function listInvitations(
  db: Queryable,
  organisationId: string,
): Promise<Invitation[]> {
  const rows = await db.query<InvitationRow>(
    `SELECT id, role, created_at, expires_at, revoked_at, accepted_count, link_token FROM invitations
      WHERE organisation_id = $1 ORDER BY created_at DESC`,
    [organisationId],
  );
  return rows.map(toInvitation);
}

export async function revokeInvitation(
  db: Queryable,
  organisationId: string,
  id: string,
  byUserId: string,
): Promise<void> {
  const [row] = await db.query<{ role: Role }>(
    `UPDATE invitations SET revoked_at = now(), link_token = NULL
      WHERE id = $1 AND organisation_id = $2 AND revoked_at IS NULL RETURNING role`,
    [id, organisationId],
  );
  if (!row) throw notFound('Invitation introuvable.');
  await audit(db, organisationId, byUserId, 'invitation.revoked', {
    invitationId: id,
    role: row.role,
  });
}

const invalidInvitation = () =>
  notFound(
    'Cette invitation n’est plus valable : elle a expiré ou a été révoquée. Demandez un nouveau lien.',
  );

/** What an invitation link offers, for the page that asks to accept it. */
export async function previewInvitation(
  db: Queryable,
  token: string,
): Promise<{ organisationId: string; organisationName: string; role: Role; expiresAt: string }> {
  const [row] = await db.query<{
    organisation_id: string;
    name: string;
    role: Role;
    expires_at: Date | string;
  }>(
    `SELECT i.organisation_id, o.name, i.role, i.expires_at FROM invitations i
       JOIN organisations o ON o.id = i.organisation_id
      WHERE i.token_hash = $1 AND i.revoked_at IS NULL AND i.expires_at > now()`,
    [hashToken(token)],
  );
  if (!row) throw invalidInvitation();
  return {
    organisationId: row.organisation_id,
    organisationName: row.name,
    role: row.role,
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

/** Join the organisation with the invitation's role. An existing member keeps the higher role. */
export async function acceptInvitation(
  db: Database,
  token: string,
  userId: string,
): Promise<{ organisationId: string; role: Role }> {
  return acceptInvitationByHash(db, hashToken(token), userId);
}

/** The same, from the stored hash of the invitation's token (a sign-up confirmed by e-mail). */
export async function acceptInvitationByHash(
  db: Database,
  tokenHash: string,
  userId: string,
): Promise<{ organisationId: string; role: Role }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string; organisation_id: string; role: Role }>(
      `UPDATE invitations SET accepted_count = accepted_count + 1
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
        RETURNING id, organisation_id, role`,
      [tokenHash],
    );
    if (!row) throw invalidInvitation();
    const [existing] = await tx.query<{ role: Role }>(
      'SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2',
      [row.organisation_id, userId],
    );
    if (existing) return { organisationId: row.organisation_id, role: existing.role };
    await addMember(tx, row.organisation_id, userId, row.role);
    // The qualité the invitation proposed (invitations by e-mail, issue 17).
    await tx.query(
      `UPDATE memberships SET qualite = (SELECT qualite FROM invitations WHERE id = $3)
        WHERE organisation_id = $1 AND user_id = $2`,
      [row.organisation_id, userId, row.id],
    );
    await tx.query(
      'INSERT INTO invitation_acceptances (invitation_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [row.id, userId],
    );
    await audit(tx, row.organisation_id, userId, 'invitation.accepted', {
      invitationId: row.id,
      role: row.role,
    });
    return { organisationId: row.organisation_id, role: row.role };
  });
}
