/**
 * Several instances (issue 16): Hocuspocus' Redis extension with each turn's updates relayed in one
 * hop (redis-relay.extension.ts), and three things it does not do.
 *
 * - A presence that leaves one instance leaves the others. Hocuspocus 4.7 relays awareness
 *   between instances through a scratch Awareness that keeps only present states, so a removal
 *   never crosses (and the extension does not even publish it when the last tab of an instance
 *   closed): the person stayed shown on the other instances until the 30 s awareness timeout.
 *   Removals go on a channel of their own, `<prefix>#presence-left`, applied by each instance
 *   holding the document.
 * - A stateless message (the live comment notices) can be sent to a document this instance does
 *   not hold. Before, the document was opened through a direct connection just to send it: loading
 *   the whole cycle and waiting up to a second for the other instances' state, so a comment posted
 *   on an instance that did not hold the cycle took about two seconds to answer. It is published
 *   on the document's channel in the extension's framing (instance identifier, then the
 *   Hocuspocus message), which the other instances apply as their own.
 *
 * - After losing Redis, an instance asks the others for what it missed. Messages published while
 *   it was cut off are lost for it, and Hocuspocus only exchanges state again at the next edit:
 *   an edit acknowledged by another instance during the outage stayed out of this instance's
 *   clients until someone typed again. On reconnection it publishes, for every document it
 *   holds, its state vector (which the others answer with what it lacks and their own vector,
 *   so both sides catch up) and a presence query.
 *
 * server/test/instances.test.ts and comments-live.test.ts fail if any of these stops working.
 */
import {
  OutgoingMessage,
  isTransactionOrigin,
  type onAwarenessUpdatePayload,
} from '@hocuspocus/server';
import type { Configuration } from '@hocuspocus/extension-redis';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { RedisRelayExtension } from './redis-relay.extension.ts';

/** What goes on the presence-left channel. */
interface PresenceLeft {
  from: string;
  documentName: string;
  /** An awareness update (base64) carrying the removed clients' null states. */
  update: string;
}

export class PilotisRedis extends RedisRelayExtension {
  /** A connection of its own: the extension's subscriber hands every message to its own handler. */
  private readonly presenceSubscriber;
  private readonly presenceChannel: string;

  constructor(configuration: Partial<Configuration>) {
    super(configuration);
    this.presenceChannel = `${this.configuration.prefix}#presence-left`;
    this.presenceSubscriber = this.pub.duplicate();
    this.presenceSubscriber.on('message', (_channel: string, message: string) => {
      this.applyPresenceLeft(message);
    });
    this.presenceSubscriber.subscribe(this.presenceChannel).catch((error: unknown) => {
      console.error('Redis: presence channel not subscribed', error);
    });
    let connected = false;
    this.sub.on('ready', () => {
      if (!connected) {
        connected = true;
        return;
      }
      // ioredis subscribes again to every channel right after this event: let it, then wait for
      // Redis to confirm a subscription sent after those, so that the answers reach us.
      setImmediate(() => {
        this.catchUp().catch((error: unknown) => {
          console.error('Redis: catching up after a reconnection failed', error);
        });
      });
    });
  }

  /** Publish a Hocuspocus message on a document's channel, in the extension's framing. */
  private async publishOn(documentName: string, message: OutgoingMessage): Promise<void> {
    const identifier = Buffer.from(this.configuration.identifier, 'utf-8');
    const framed = Buffer.concat([
      Buffer.from([identifier.length]),
      identifier,
      Buffer.from(message.toUint8Array()),
    ]);
    await this.pub.publish(`${this.configuration.prefix}:${documentName}`, framed);
  }

  /** Ask the other instances for every loaded document's missing state and presence. */
  private async catchUp(): Promise<void> {
    await this.sub.subscribe(`${this.configuration.prefix}#reply:${this.configuration.identifier}`);
    await Promise.all(
      [...this.instance.documents.entries()].map(([documentName, document]) =>
        Promise.all([
          this.publishOn(
            documentName,
            new OutgoingMessage(documentName).createSyncMessage().writeFirstSyncStepFor(document),
          ),
          this.publishOn(documentName, new OutgoingMessage(documentName).writeQueryAwareness()),
        ]),
      ),
    );
  }

  private applyPresenceLeft(message: string): void {
    try {
      const left = JSON.parse(message) as PresenceLeft;
      if (left.from === this.configuration.identifier) return;
      const document = this.instance?.documents.get(left.documentName);
      if (!document) return;
      applyAwarenessUpdate(
        document.awareness,
        new Uint8Array(Buffer.from(left.update, 'base64')),
        this.redisTransactionOrigin,
      );
    } catch (error) {
      console.warn('Redis: unreadable presence removal', error);
    }
  }

  override async onAwarenessUpdate(payload: onAwarenessUpdatePayload): Promise<void> {
    await super.onAwarenessUpdate(payload);
    const { awareness, documentName, removed, transactionOrigin } = payload;
    // What came from another instance was published there already.
    if (isTransactionOrigin(transactionOrigin) && transactionOrigin.source === 'redis') return;
    const gone = removed.filter((clientId) => awareness.meta.has(clientId));
    if (gone.length === 0) return;
    const left: PresenceLeft = {
      from: this.configuration.identifier,
      documentName,
      update: Buffer.from(encodeAwarenessUpdate(awareness, gone)).toString('base64'),
    };
    // Not awaited, never rejected: Hocuspocus does not await this hook, and a publish waiting for
    // Redis to come back must hold nothing up.
    this.pub.publish(this.presenceChannel, JSON.stringify(left)).catch((error: unknown) => {
      console.warn('Redis: presence removal not published', error);
    });
  }

  /** Send a stateless message to the connections every other instance holds on `documentName`. */
  async publishStateless(documentName: string, payload: string): Promise<void> {
    await this.publishOn(
      documentName,
      new OutgoingMessage(documentName).writeBroadcastStateless(payload),
    );
  }

  override async onDestroy(): Promise<void> {
    this.presenceSubscriber.disconnect(false);
    await super.onDestroy();
  }
}
