/**
 * Server-side edits of a cycle document, made through Hocuspocus (a direct connection, never the
 * loaded document itself) so that connected people see them at once, every extension sees the
 * change, and it is stored before the call returns.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';

export async function editLiveCycle<T>(
  hocuspocus: Hocuspocus,
  documentName: string,
  change: (doc: Y.Doc) => T,
  /** Added to the direct connection's context (e.g. `origin`, for observers of the change). */
  context: Record<string, unknown> = {},
): Promise<T> {
  const connection = await hocuspocus.openDirectConnection(documentName, {
    user: null,
    tokenHash: null,
    ...context,
  });
  try {
    let result: T | undefined;
    await connection.transact((doc) => {
      result = change(doc);
    });
    return result as T;
  } finally {
    // Disconnecting stores the document before resolving.
    await connection.disconnect();
  }
}
