/**
 * Tells everyone who has a cycle open that its threads changed: a Hocuspocus stateless message on
 * the cycle's document. With Redis, Hocuspocus publishes it to the other instances (the Redis
 * extension's beforeBroadcastStateless hook), whose connections receive it too. The client then
 * fetches what changed; the message itself carries only ids, never text.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import type { PilotisRedis } from '../../collab/redis.extension.ts';

/** Stateless payload type the client listens for. */
export const COMMENTS_STATELESS_TYPE = 'pilotis.comments';

export type CommentsEvent = 'thread' | 'message' | 'edit' | 'status';

/**
 * Broadcast a change of `threadId` to the cycle's document. When nobody has it open on this
 * instance but Redis links several instances, the message is published to the others as it is,
 * without loading the document here (issue 16). Never throws: a lost notice only delays what
 * people see until their next fetch.
 */
export async function broadcastThreadChange(
  hocuspocus: Hocuspocus,
  documentName: string,
  change: { threadId: string; event: CommentsEvent },
  options: { redis: PilotisRedis | null },
): Promise<void> {
  const payload = JSON.stringify({ type: COMMENTS_STATELESS_TYPE, ...change });
  try {
    const loaded = hocuspocus.documents.get(documentName);
    if (loaded && !loaded.isLoading) {
      loaded.broadcastStateless(payload);
      return;
    }
    // Not awaited: while Redis is unreachable the publish waits for it, and the answer must not.
    options.redis?.publishStateless(documentName, payload).catch(() => {});
  } catch {
    // Nothing to do: clients refetch on their next open or reconnect.
  }
}
