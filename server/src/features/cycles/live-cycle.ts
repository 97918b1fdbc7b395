/**
 * Server-side edits of a cycle document, made through Hocuspocus so that connected people see
 * them at once and the change is stored before the call returns.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';

export async function editLiveCycle<T>(
  hocuspocus: Hocuspocus,
  documentName: string,
  change: (doc: Y.Doc) => T,
): Promise<T> {
  const connection = await hocuspocus.openDirectConnection(documentName, {
    user: null,
    tokenHash: null,
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
