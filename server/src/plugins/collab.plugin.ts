/**
 * The live collaboration endpoint: one Hocuspocus instance, its ordered extensions, mounted on the
 * Fastify server at COLLAB_PATH through @fastify/websocket.
 */
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { Throttle } from '@hocuspocus/extension-throttle';
import type { WebSocket } from 'ws';
import { COLLAB_PATH, MembershipChanged } from '@pilotis/shared';
import { DocumentStore } from '../collab/document-store.ts';
import type { Database } from '../db/database.ts';
import { PersistenceExtension } from '../collab/persistence.extension.ts';
import { SchemaExtension } from '../collab/schema.extension.ts';
import { VersionGateExtension } from '../collab/version-gate.extension.ts';
import { AccessExtension, type CollabContext } from '../collab/access.extension.ts';
import { isAllowedOrigin } from './auth.plugin.ts';
import { ConnectionGuard } from '../collab/connection-guard.ts';
import { DocumentLimitsExtension, DocumentSizes } from '../collab/document-limits.extension.ts';
import { AwarenessOwnerExtension } from '../collab/awareness-owner.extension.ts';
import { ConnectionLimitExtension } from '../collab/connection-limit.extension.ts';
import { PilotisRedis } from '../collab/redis.extension.ts';

declare module 'fastify' {
  interface FastifyInstance {
    hocuspocus: Hocuspocus;
    documents: DocumentStore;
    collabSockets: SocketRegistry;
    /** The link to the other instances (REDIS_URL); null with a single instance. */
    collabRedis: PilotisRedis | null;
  }
}

/** An access change every instance must apply to its open sockets. */
export type AccessEvent =
  { kind: 'user'; userId: string; exceptSession?: string } | { kind: 'session'; tokenHash: string };

/** Redis channel of access changes. */
const ACCESS_CHANNEL = 'pilotis:access';

/**
 * The open collaboration sockets of each person and session, so that a change of access (member
 * removed, role lowered, signed out) closes them at once; the provider reconnects and gets the
 * new rights. Per instance: with several instances behind Redis each closes its own sockets.
 */
export class SocketRegistry {
  private readonly byUser = new Map<string, Set<WebSocket>>();
  private readonly bySession = new Map<string, Set<WebSocket>>();

  add(socket: WebSocket, context: CollabContext): void {
    const track = (map: Map<string, Set<WebSocket>>, key: string | null | undefined) => {
      if (!key) return;
      const set = map.get(key) ?? new Set();
      set.add(socket);
      map.set(key, set);
      socket.once('close', () => {
        set.delete(socket);
        if (set.size === 0) map.delete(key);
      });
    };
    this.sessionOf.set(socket, context.tokenHash);
    track(this.byUser, context.user?.id);
    track(this.bySession, context.tokenHash);
  }

  private readonly sessionOf = new WeakMap<WebSocket, string | null>();

  private close(sockets: Set<WebSocket> | undefined, exceptSession?: string): void {
    for (const socket of [...(sockets ?? [])]) {
      if (exceptSession && this.sessionOf.get(socket) === exceptSession) continue;
      socket.close(MembershipChanged.code, MembershipChanged.reason);
    }
  }

  /**
   * Where access changes are also sent so that every instance applies them (Redis when
   * REDIS_URL is set, issue 18 #2); none with a single instance.
   */
  broadcast: ((event: AccessEvent) => void) | null = null;

  /** Close every socket of a person (but those of `exceptSession`, the one making the change), on every instance. */
  closeUser(userId: string, exceptSession?: string): void {
    this.apply({ kind: 'user', userId, exceptSession });
    this.broadcast?.({ kind: 'user', userId, exceptSession });
  }

  /** Close every socket of a session (signed out), on every instance. */
  closeSession(tokenHash: string): void {
    this.apply({ kind: 'session', tokenHash });
    this.broadcast?.({ kind: 'session', tokenHash });
  }

  /** Apply an access change on this instance only (from this one or from another). */
  apply(event: AccessEvent): void {
    if (event.kind === 'user') this.close(this.byUser.get(event.userId), event.exceptSession);
    else this.close(this.bySession.get(event.tokenHash));
  }

  /** Session hashes that currently have open sockets. */
  sessions(): string[] {
    return [...this.bySession.keys()];
  }
}

/** Close the sockets of sessions that expired or were deleted since the sockets opened. */
export async function closeEndedSessions(db: Database, sockets: SocketRegistry): Promise<void> {
  const open = sockets.sessions();
  if (open.length === 0) return;
  const live = await db.query<{ token_hash: string }>(
    'SELECT token_hash FROM sessions WHERE token_hash = ANY($1::text[]) AND expires_at > now()',
    [open],
  );
  const alive = new Set(live.map((row) => row.token_hash));
  for (const hash of open) if (!alive.has(hash)) sockets.closeSession(hash);
}

/** The WHATWG Request Hocuspocus hands to its hooks, built from Fastify's request. */
function toWebRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  // The Throttle extension reads the address from x-real-ip / x-forwarded-for: give it the one
  // Fastify saw, never a header the client wrote.
  headers.delete('x-forwarded-for');
  headers.set('x-real-ip', request.ip);
  return new Request(`http://${request.headers.host ?? 'localhost'}${request.url}`, { headers });
}

/** Wait until Hocuspocus has stored and unloaded every document, or `timeoutMs` passed. */
async function drainDocuments(hocuspocus: Hocuspocus, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  hocuspocus.closeConnections();
  hocuspocus.flushPendingStores();
  while (hocuspocus.getDocumentsCount() > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Documents that had nothing pending to store are still loaded: store them now anyway.
  await Promise.all(
    [...hocuspocus.documents.values()].map((document) => hocuspocus.unloadDocument(document)),
  );
}

/** Connections one address may open per minute (all documents) before a one-minute ban. */
export const DEFAULT_CONNECTIONS_PER_MINUTE = 600;
/** Open connections to one document on one instance. */
export const DEFAULT_CONNECTIONS_PER_DOCUMENT = 200;

async function collabPlugin(app: FastifyInstance): Promise<void> {
  const documents = new DocumentStore(app.db);
  const sizes = new DocumentSizes();
  const perMinute = app.config.collabConnectionsPerMinute ?? DEFAULT_CONNECTIONS_PER_MINUTE;
  const extensions: Extension[] = [
    // First: an address opening connections in a loop is refused (banned for a minute).
    ...(perMinute > 0
      ? [new Throttle({ throttle: perMinute, consideredSeconds: 60, banTime: 1 })]
      : []),
    // Then a client built for older schemas is refused before anything else (issue 11).
    new VersionGateExtension(),
    new ConnectionLimitExtension(
      app.config.collabConnectionsPerDocument ?? DEFAULT_CONNECTIONS_PER_DOCUMENT,
    ),
    new AccessExtension(app.db),
    // Before persistence: a refused update (too large, too deep, malformed) never reaches the log.
    new DocumentLimitsExtension(sizes, app.config.collabLimits),
    new AwarenessOwnerExtension(),
    new PersistenceExtension(documents, sizes),
    new SchemaExtension(),
  ];
  let redis: PilotisRedis | null = null;
  if (app.config.redisUrl) {
    const url = new URL(app.config.redisUrl);
    extensions.push(
      (redis = new PilotisRedis({
        host: url.hostname,
        port: Number(url.port || 6379),
        options: {
          ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
          ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
          db: Number(url.pathname.slice(1) || 0),
        },
      })),
    );
  }
  const hocuspocus = new Hocuspocus({
    name: 'pilotis',
    quiet: true,
    extensions,
    // Edits are already durable in the update log; the store only compacts, so batch it.
    debounce: app.config.storeDebounceMs,
    maxDebounce: app.config.storeDebounceMs * 5,
  });
  const sockets = new SocketRegistry();
  if (redis) {
    // Role changes, removals and sign-outs reach the sockets held by every instance.
    const publisher = redis.pub;
    const subscriber = redis.pub.duplicate();
    sockets.broadcast = (event) => {
      publisher.publish(ACCESS_CHANNEL, JSON.stringify(event)).catch((error: unknown) => {
        app.log.error({ err: error }, 'access change not published');
      });
    };
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== ACCESS_CHANNEL) return;
      try {
        sockets.apply(JSON.parse(message) as AccessEvent);
      } catch (error) {
        app.log.warn({ err: error }, 'unreadable access change');
      }
    });
    await subscriber.subscribe(ACCESS_CHANNEL);
    app.addHook('onClose', async () => {
      subscriber.disconnect();
    });
  }
  app.decorate('hocuspocus', hocuspocus);
  app.decorate('documents', documents);
  app.decorate('collabSockets', sockets);
  app.decorate('collabRedis', redis);

  await app.register(websocket, {
    options: { maxPayload: app.config.maxFrameBytes },
  });

  // A WebSocket from a page of another origin is refused before the upgrade (the browser sends
  // the cookie along, so this is the socket's CSRF defence).
  const checkOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (
      typeof origin === 'string' &&
      !isAllowedOrigin(origin, request, app.config.allowedOrigins)
    ) {
      return reply
        .status(403)
        .send({ error: 'forbidden_origin', message: 'Connexion refusée : origine inconnue.' });
    }
  };

  app.get(
    COLLAB_PATH,
    { websocket: true, schema: { hide: true }, preValidation: checkOrigin },
    (socket, request) => {
      const context: CollabContext = {
        user: request.auth?.user ?? null,
        tokenHash: request.auth?.tokenHash ?? null,
      };
      sockets.add(socket, context);
      const guard = new ConnectionGuard(app.config.collabLimits);
      let refused = false;
      // A client that stopped reading is dropped before what is queued for it grows past the cap.
      const send = socket.send.bind(socket) as (...args: unknown[]) => void;
      socket.send = ((...args: unknown[]) => {
        if (refused) return;
        if (guard.overBuffered(socket.bufferedAmount)) {
          refused = true;
          request.log.warn({ user: context.user?.id }, 'collab socket not reading: dropped');
          socket.terminate();
          return;
        }
        send(...args);
      }) as typeof socket.send;
      const connection = hocuspocus.handleConnection(socket, toWebRequest(request), context);
      socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        if (refused) return;
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        const frame = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const verdict = guard.check(frame);
        if (verdict === 'drop') return;
        if (verdict !== 'handle') {
          refused = true;
          request.log.warn(
            { user: context.user?.id },
            `collab socket closed: ${verdict.close.reason}`,
          );
          socket.close(verdict.close.code, verdict.close.reason);
          return;
        }
        connection.handleMessage(frame);
      });
      socket.on('close', (code: number, reason: Buffer) => {
        connection.handleClose({ code, reason: reason.toString() });
      });
      // An oversized or broken frame: ws closes this socket (1009/1002); nothing else is affected.
      socket.on('error', (error: Error) => {
        request.log.warn({ err: error.message }, 'collab socket error');
      });
    },
  );

  // Sessions end on their own too (expiry): check the open sockets' sessions every minute.
  const sessionSweep = setInterval(() => {
    closeEndedSessions(app.db, sockets).catch((error: unknown) =>
      app.log.warn({ err: error }, 'session sweep failed'),
    );
  }, app.config.sessionSweepMs);
  sessionSweep.unref();

  app.addHook('preClose', async () => {
    clearInterval(sessionSweep);
    await drainDocuments(hocuspocus, 10_000);
    await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
  });
}

export default fp(collabPlugin, { name: 'collab', dependencies: ['config', 'db', 'auth'] });
