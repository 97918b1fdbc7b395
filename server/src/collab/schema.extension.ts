/**
 * Brings every document to the current SCHEMA_VERSION as it loads, before any client syncs it.
 * (Clients built for older schemas are turned away earlier: see version-gate.extension.ts.)
 *
 * The document's schemaVersion marker is the server's alone: a client's write to it is undone at
 * once (through a direct connection, so everyone sees the correction).
 */
import type { Extension, afterLoadDocumentPayload, onChangePayload } from '@hocuspocus/server';
import type * as Y from 'yjs';
import {
  META,
  SCHEMA_VERSION,
  documentSchemaVersion,
  metaMap,
  migrateCycle,
} from '@pilotis/shared';
import { editLiveCycle } from '../features/cycles/live-cycle.ts';

/** Origin of the server's own correction of the marker. */
export const SCHEMA_GUARD_ORIGIN = 'schema-guard';

export class SchemaExtension implements Extension {
  extensionName = 'pilotis-schema';

  /** The marker each loaded document must keep (the current schema, or a newer one it had). */
  private readonly expected = new WeakMap<Y.Doc, number>();

  async onChange({ document, documentName, connection, instance }: onChangePayload): Promise<void> {
    if (!connection) return; // the server's own writes (migration, direct connections)
    const expected = Math.max(this.expected.get(document) ?? SCHEMA_VERSION, SCHEMA_VERSION);
    if (document.share.size === 0 || documentSchemaVersion(document) === expected) return;
    if (metaMap(document).size === 0) return; // a cycle not filled in yet
    await editLiveCycle(instance, documentName, (doc) => {
      metaMap(doc).set(META.schemaVersion, expected);
    });
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    this.expected.set(document, Math.max(documentSchemaVersion(document), SCHEMA_VERSION));
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
