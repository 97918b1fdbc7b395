/**
 * Hocuspocus's Redis extension (several instances, issue 16), plus each edit itself on the
 * document's channel.
 *
 * The upstream extension only publishes a state vector (SyncStep1) when a document changes: the
 * other instance answers with its own, and the edit reaches it in the answer to that — three Redis
 * hops and two state-vector diffs before it can broadcast to its clients. Measured
 * (bench/suite/instances.bench.ts, writers on A and readers on B): cross-instance p99 3.9× the
 * single-instance one. Here the updates of one event-loop turn are also published as one Yjs
 * update message, which the other instances apply and broadcast at once (the extension's own
 * receiver handles it, with its Redis origin, so it is not published back). The state-vector
 * exchange stays as it was: it repairs whatever a missed Pub/Sub message would lose.
 */
import { Redis } from '@hocuspocus/extension-redis';
import { OutgoingMessage, isTransactionOrigin, type onChangePayload } from '@hocuspocus/server';
import * as Y from 'yjs';

export class RedisRelayExtension extends Redis {
  /** Updates of the current turn, per document, not yet published. */
  private readonly unpublished = new Map<string, Uint8Array[]>();

  override async onChange(data: onChangePayload): Promise<void> {
    await super.onChange(data);
    const origin = data.transactionOrigin;
    if (isTransactionOrigin(origin) && origin.source === 'redis') return;
    const waiting = this.unpublished.get(data.documentName);
    if (waiting) {
      waiting.push(data.update);
      return;
    }
    this.unpublished.set(data.documentName, [data.update]);
    setImmediate(() => this.publishUpdates(data.documentName));
  }

  private publishUpdates(documentName: string): void {
    const updates = this.unpublished.get(documentName);
    this.unpublished.delete(documentName);
    if (!updates) return;
    const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    const message = new OutgoingMessage(documentName)
      .createSyncMessage()
      .writeUpdate(update)
      .toUint8Array();
    // The upstream extension's channel and framing (its instance identifier first), so that its
    // receiver on the other instances takes it, and ignores it here.
    this.pub
      .publish(
        `${this.configuration.prefix}:${documentName}`,
        Buffer.concat([this.messagePrefix, Buffer.from(message)]),
      )
      .catch((error: unknown) => {
        console.error(`Redis: update of "${documentName}" not published`, error);
      });
  }
}
