import type { Queryable } from '../../db/database.ts';

/** What the audit log records: who created, exported, froze, restored, invited, changed a role. */
export type AuditAction =
  | 'organisation.created'
  | 'cycle.created'
  | 'cycle.exported'
  | 'cycle.imported'
  | 'version.frozen'
  | 'version.restored'
  | 'version.link_created'
  | 'version.link_revoked'
  | 'invitation.created'
  | 'invitation.revoked'
  | 'invitation.accepted'
  | 'member.role_changed'
  | 'member.removed'
  | 'member.password_reset_link';

export async function audit(
  db: Queryable,
  organisationId: string,
  userId: string | null,
  action: AuditAction,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (organisation_id, user_id, action, details) VALUES ($1, $2, $3, $4)',
    [organisationId, userId, action, JSON.stringify(details)],
  );
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: string | null;
  userName: string | null;
  action: AuditAction;
  details: Record<string, unknown>;
}

export async function listAudit(
  db: Queryable,
  organisationId: string,
  limit = 200,
): Promise<AuditEntry[]> {
  const rows = await db.query<{
    id: string | number;
    created_at: Date | string;
    user_id: string | null;
    name: string | null;
    action: AuditAction;
    details: unknown;
  }>(
    `SELECT a.id, a.created_at, a.user_id, u.name, a.action, a.details
       FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
      WHERE a.organisation_id = $1 ORDER BY a.id DESC LIMIT $2`,
    [organisationId, limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    at: new Date(row.created_at).toISOString(),
    userId: row.user_id,
    userName: row.name,
    action: row.action,
    details: (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<
      string,
      unknown
    >,
  }));
}
