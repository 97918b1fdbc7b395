/**
 * Presence belongs to whoever set it (issue 18 #10). A connection's own awareness client id is the
 * first one it announces; from then on its awareness entries for any other id are dropped, so it
 * can neither move, rename, recolour nor remove another person's presence. An id first announced
 * by one account stays that account's while the document is loaded: someone else cannot take it
 * over after its owner disconnects (a reconnecting tab keeps its id).
 *
 * Entries are dropped, not the connection: a provider also forwards its local removals of other
 * people's presence that timed out, which are harmless and must not cost it its socket.
 */
import type {
  Extension,
  afterUnloadDocumentPayload,
  beforeHandleAwarenessPayload,
} from '@hocuspocus/server';
import type { CollabContext } from './access.extension.ts';

type Connection = NonNullable<beforeHandleAwarenessPayload['connection']>;

export class AwarenessOwnerExtension implements Extension {
  extensionName = 'pilotis-awareness-owner';

  /** The client id each connection announced first. */
  private readonly own = new WeakMap<Connection, number>();
  /** Per document: the account that first announced each client id. */
  private readonly owners = new Map<string, Map<number, string>>();

  async beforeHandleAwareness({
    connection,
    context,
    documentName,
    states,
  }: beforeHandleAwarenessPayload<CollabContext>): Promise<void> {
    // Awareness relayed from another instance (Redis) or the server itself has no connection.
    if (!connection) return;
    const account = context?.user?.id ?? `socket:${connection.socketId}`;
    let owners = this.owners.get(documentName);
    if (!owners) {
      owners = new Map();
      this.owners.set(documentName, owners);
    }
    // Hocuspocus decodes each message into a scratch Awareness, whose own empty state comes along
    // in `states` under a random id: empty states say nothing and are never forwarded.
    for (const [clientId, state] of [...states]) {
      if (Object.keys(state).length === 0) states.delete(clientId);
    }
    let own = this.own.get(connection);
    if (own === undefined) {
      // The first id this connection announces with a state becomes its own, unless another
      // account already holds it.
      for (const clientId of states.keys()) {
        const holder = owners.get(clientId);
        if (holder !== undefined && holder !== account) continue;
        own = clientId;
        this.own.set(connection, clientId);
        owners.set(clientId, account);
        break;
      }
    }
    for (const clientId of [...states.keys()]) {
      if (clientId !== own) states.delete(clientId);
    }
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.owners.delete(documentName);
  }
}
