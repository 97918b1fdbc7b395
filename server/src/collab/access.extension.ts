/**
 * Who may open which document. Today: any document that is an existing cycle (accounts and roles
 * arrive later and plug in here, reading the session from the request's cookie). Refusing in
 * `onAuthenticate` answers the provider with "permission denied" and keeps the socket open for
 * the other documents it multiplexes.
 */
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { CloseCodes, parseCycleDocumentName } from '@pilotis/shared';
import type { Database } from '../db/database.ts';

export class AccessExtension implements Extension {
  extensionName = 'pilotis-access';

  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async onAuthenticate({ documentName }: onAuthenticatePayload): Promise<{ cycleId: string }> {
    const cycleId = parseCycleDocumentName(documentName);
    const found = cycleId
      ? await this.db.query('SELECT 1 FROM cycles WHERE id = $1', [cycleId])
      : [];
    if (!cycleId || found.length === 0) throw { ...CloseCodes.DocumentNotFound };
    return { cycleId };
  }
}
