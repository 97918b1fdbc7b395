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
  onAuthenticatePayload,
} from '@hocuspocus/server';
import { can, CloseCodes, parseCycleDocumentName, type Role } from '@pilotis/shared';
import type { Database } from '../db/database.ts';
import { roleIn } from '../features/members/access.ts';
import type { User } from '../features/auth/auth.service.ts';

/** What the collab socket knows about its person (set at the upgrade). */
export interface CollabContext {
  user: User | null;
  tokenHash: string | null;
  role?: Role;
  cycleId?: string;
}

export class AccessExtension implements Extension {
  extensionName = 'pilotis-access';

  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async onAuthenticate({
    documentName,
    context,
    connectionConfig,
  }: onAuthenticatePayload<CollabContext>) {
    if (!context.user) throw { ...CloseCodes.Unauthorized };
    const cycleId = parseCycleDocumentName(documentName);
    const [cycle] = cycleId
      ? await this.db.query<{ organisation_id: string }>(
          'SELECT organisation_id FROM cycles WHERE id = $1',
          [cycleId],
        )
      : [];
    const role = cycle ? await roleIn(this.db, context.user.id, cycle.organisation_id) : null;
    // A non-member learns nothing: same answer as for a document that does not exist.
    if (!cycleId || !cycle || !role) throw { ...CloseCodes.DocumentNotFound };
    if (!can(role, 'cycle.edit')) connectionConfig.readOnly = true;
    return { role, cycleId };
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
