/**
 * Tells everyone who has a cycle open that its threads changed: a Hocuspocus stateless message on
 * the cycle's document. With Redis, Hocuspocus publishes it to the other instances (the Redis
 * extension's beforeBroadcastStateless hook), whose connections receive it too. The client then
 * fetches what changed; the message itself carries only ids, never text.
 */
import type { Hocuspocus } from '@hocuspocus/server';

/** Stateless payload type the client listens for. */
export const COMMENTS_STATELESS_TYPE = 'pilotis.comments';

export type CommentsEvent = 'thread' | 'message' | 'edit' | 'status';

/**
 * Broadcast a change of `threadId` to the cycle's document. When nobody has it open on this
 * instance but Redis links several instances, the document is opened briefly (a direct
 * connection) so that the message reaches the others. Never throws: a lost notice only delays
 * what people see until their next fetch.
 */
export async function broadcastThreadChange(
  hocuspocus: Hocuspocus,
  documentName: string,
  change: { threadId: string; event: CommentsEvent },
  options: { redis: boolean },
): Promise<void> {
  const payload = JSON.stringify({ type: COMMENTS_STATELESS_TYPE, ...change });
  try {
    const loaded = hocuspocus.documents.get(documentName);
    if (loaded && !loaded.isLoading) {
      loaded.broadcastStateless(payload);
      return;
    }
    if (!options.redis) return;
    const connection = await hocuspocus.openDirectConnection(documentName, {
      user: null,
      tokenHash: null,
    });
    try {
      connection.document?.broadcastStateless(payload);
    } finally {
      await connection.disconnect();
    }
  } catch {
    // Nothing to do: clients refetch on their next open or reconnect.
  }
}
