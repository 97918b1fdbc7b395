/**
 * Who may open which document, and how. The socket was authenticated at the upgrade from the
 * session cookie (collab.plugin.ts); here each document is checked against the person's role in
 * the cycle's organisation: members open it, pilote and membre may write, commentateur and
 * lecteur get it read-only (their updates are never applied). A refusal answers the provider with
 * "permission denied" and keeps the socket open for the other documents it multiplexes.
 *
 * Awareness (presence) always carries the name the server knows, whatever the client claims.
 */
import type {
  Extension,
  beforeHandleAwarenessPayload,
  beforeSyncPayload,
  onAuthenticatePayload,
} from '@hocuspocus/server';
import {
  can,
  CloseCodes,
  MembershipChanged,
  parseCycleDocumentName,
  type Role,
} from '@pilotis/shared';
import type { Database } from '../db/database.ts';
import { roleIn, rolesIn } from '../features/members/access.ts';
import type { User } from '../features/auth/auth.service.ts';

/** What the collab socket knows about its person (set at the upgrade). */
export interface CollabContext {
  user: User | null;
  tokenHash: string | null;
  role?: Role;
  cycleId?: string;
  organisationId?: string;
}

/** How long a write re-check trusts a role it read (ms): at most one query a second per person and organisation. */
export const ROLE_RECHECK_MS = 1000;
/**
 * Past this age (ms) a role still in use is re-read in the background, so that someone typing
 * steadily never waits for the query: measured under load (bench/suite, scenario 1), the awaited
 * re-read put a database round trip, queued behind the update log's INSERTs, in front of one edit
 * a second per writer. A role is still never trusted longer than ROLE_RECHECK_MS. Three quarters
 * of it: a query has a quarter of a second to come back, for a third more role queries than
 * before (PGlite runs them on the event loop's thread).
 */
export const ROLE_REFRESH_MS = (ROLE_RECHECK_MS * 3) / 4;

interface KnownRole {
  role: Role | null;
  /** When the query that read it started. */
  at: number;
  userId: string;
  organisationId: string;
  /** When a write last relied on it. */
  usedAt: number;
}

interface Wanted {
  userId: string;
  organisationId: string;
  resolve(known: KnownRole): void;
  reject(error: unknown): void;
}

export class AccessExtension implements Extension {
  extensionName = 'pilotis-access';

  private readonly db: Database;
  /** Roles read for write re-checks, by `user:organisation`. */
  private readonly recentRoles = new Map<string, KnownRole>();
  /** Re-reads under way, by `user:organisation`: one query at a time per key. */
  private readonly reading = new Map<string, Promise<KnownRole>>();
  /** Keys for the next batched read (see readRole). */
  private readonly wanted = new Map<string, Wanted>();

  constructor(db: Database) {
    this.db = db;
  }

  /**
   * The role is checked again for every write, not only at connect (issue 18 #2): a person
   * demoted or removed on another instance cannot write even before their socket is closed.
   */
  async beforeSync({ connection, context, type }: beforeSyncPayload<CollabContext>): Promise<void> {
    if (connection.readOnly || (type !== 1 && type !== 2)) return;
    if (!context.user || !context.organisationId) throw { ...MembershipChanged };
    const key = `${context.user.id}:${context.organisationId}`;
    let known = this.recentRoles.get(key);
    const age = known ? performance.now() - known.at : Infinity;
    if (!known || age > ROLE_RECHECK_MS) {
      known = await this.readRole(key, context.user.id, context.organisationId);
    } else if (age > ROLE_REFRESH_MS) {
      // Failures are left to the next awaited re-read, which throws.
      this.readRole(key, context.user.id, context.organisationId).catch(() => undefined);
    }
    known.usedAt = performance.now();
    if (!known.role || !can(known.role, 'cycle.edit')) throw { ...MembershipChanged };
  }

  /**
   * Roles are read in batches: every key asked for during one phase of the event loop, plus
   * every role in use that is past half its life, in one query. One query a second per person
   * was measured as 4 % of the server's CPU with 100 people typing (bench/suite, scenario 1, on
   * PGlite where queries run on the event loop); batching also aligns the keys' ages, so that a
   * room of any size costs about one query per ROLE_REFRESH_MS.
   */
  private readRole(key: string, userId: string, organisationId: string): Promise<KnownRole> {
    const running = this.reading.get(key);
    if (running) return running;
    if (this.wanted.size === 0) setImmediate(() => void this.readWanted());
    return this.want(key, userId, organisationId);
  }

  /** Put `key` in the next batch; its read is the one under way for that key until it ends. */
  private want(key: string, userId: string, organisationId: string): Promise<KnownRole> {
    const read = new Promise<KnownRole>((resolve, reject) => {
      this.wanted.set(key, { userId, organisationId, resolve, reject });
    }).finally(() => this.reading.delete(key));
    this.reading.set(key, read);
    return read;
  }

  private async readWanted(): Promise<void> {
    const now = performance.now();
    for (const [key, known] of this.recentRoles) {
      if (this.wanted.has(key) || this.reading.has(key)) continue;
      if (now - known.usedAt > ROLE_RECHECK_MS || now - known.at < ROLE_RECHECK_MS / 2) continue;
      // Nobody awaits these: a failure is left to the next awaited read, which throws.
      this.want(key, known.userId, known.organisationId).catch(() => undefined);
    }
    const batch = [...this.wanted];
    this.wanted.clear();
    try {
      const roles = await rolesIn(
        this.db,
        batch.map(([, wanted]) => wanted),
      );
      if (this.recentRoles.size > 10_000) this.recentRoles.clear();
      for (const [key, wanted] of batch) {
        const previous = this.recentRoles.get(key);
        const known: KnownRole = {
          role: roles.get(key) ?? null,
          at: now,
          userId: wanted.userId,
          organisationId: wanted.organisationId,
          usedAt: previous?.usedAt ?? now,
        };
        this.recentRoles.set(key, known);
        wanted.resolve(known);
      }
    } catch (error) {
      for (const [, wanted] of batch) wanted.reject(error);
    }
  }

  async onAuthenticate({
    documentName,
    context,
    connectionConfig,
  }: onAuthenticatePayload<CollabContext>) {
    if (!context.user) throw { ...CloseCodes.Unauthorized };
    const cycleId = parseCycleDocumentName(documentName);
    // The exact stored name (issue 18 #11): another spelling of the same id would open a
    // separate, stored, never-cleaned shadow document.
    const [cycle] = cycleId
      ? await this.db.query<{ organisation_id: string }>(
          'SELECT organisation_id FROM cycles WHERE id = $1 AND document_name = $2',
          [cycleId, documentName],
        )
      : [];
    const role = cycle ? await roleIn(this.db, context.user.id, cycle.organisation_id) : null;
    // A non-member learns nothing: same answer as for a document that does not exist.
    if (!cycleId || !cycle || !role) throw { ...CloseCodes.DocumentNotFound };
    if (!can(role, 'cycle.edit')) connectionConfig.readOnly = true;
    return { role, cycleId, organisationId: cycle.organisation_id };
  }

  async beforeHandleAwareness({
    states,
    context,
  }: beforeHandleAwarenessPayload<CollabContext>): Promise<void> {
    if (!context?.user) return;
    for (const state of states.values()) {
      const claimed = state.user as Record<string, unknown> | undefined;
      if (claimed && typeof claimed === 'object') {
        state.user = { ...claimed, name: context.user.name, role: context.role };
      }
    }
  }
}
