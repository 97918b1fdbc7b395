/**
 * Brings every document to the current SCHEMA_VERSION as it loads, before any client syncs it.
 * (Clients built for another schema are turned away earlier, at the socket: see collab.plugin.ts.)
 */
import type { Extension, afterLoadDocumentPayload } from '@hocuspocus/server';
import { migrateCycle } from '@pilotis/shared';

export class SchemaExtension implements Extension {
  extensionName = 'pilotis-schema';

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    try {
      const { from, to } = migrateCycle(document);
      if (from !== to) console.info(`Migrated ${documentName} from schema ${from} to ${to}`);
    } catch (error) {
      // A document claiming a newer schema (a newer server wrote it, or a client tampered with
      // the marker) still opens: refusing it would lock everyone out of their work.
      console.warn(`Not migrating ${documentName}: ${(error as Error).message}`);
    }
  }
}
