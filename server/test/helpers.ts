/**
 * Test harness: the real server on a free port, against either storage backend, and real
 * Hocuspocus providers connected to it over loopback.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { CLIENT_VERSION_QUERY, readRows, rowText } from '@pilotis/shared';
import { buildApp } from '../src/app.ts';
import type { AppConfig } from '../src/config.ts';
import { DEFAULT_GUARD_LIMITS } from '../src/collab/connection-guard.ts';
import { takeMail } from './fake-smtp.ts';

/** Admin connection used to create and drop one throw-away database per PostgreSQL run. */
const POSTGRES_ADMIN_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Where a suite stores its data: a fresh PGlite directory or a fresh PostgreSQL database. */
export interface Storage {
  name: 'pglite' | 'postgres';
  dataDir: string;
  databaseUrl?: string;
  dispose(): Promise<void>;
}

export const BACKENDS = ['pglite', 'postgres'] as const;

export async function createStorage(name: Storage['name']): Promise<Storage> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-test-'));
  if (name === 'pglite') {
    return { name, dataDir, dispose: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const database = `pilotis_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return {
    name,
    dataDir,
    databaseUrl: url.toString(),
    async dispose() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function testConfig(storage: Storage, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0, // any free port
    host: '127.0.0.1', // loopback only: tests never listen on the network
    dataDir: storage.dataDir,
    databaseUrl: storage.databaseUrl,
    redisUrl: undefined,
    clientDir: path.join(storage.dataDir, 'no-client'), // API tests do not need the built client
    maxFrameBytes: 2 * 1024 * 1024,
    storeDebounceMs: 200, // short, so compaction happens within a test
    logLevel: 'silent',
    cookieSecure: false, // plain http on loopback
    allowedOrigins: [],
    loginFailuresPerMinute: 10,
    signupsPerHour: 100_000, // suites sign up many people from 127.0.0.1
    sessionSweepMs: 200, // expired sessions lose their sockets quickly in tests
    collabConnectionsPerMinute: 0, // every test connects from 127.0.0.1, many times a minute
    collabLimits: DEFAULT_GUARD_LIMITS,
    ...overrides,
  };
}

export interface RunningServer {
  app: FastifyInstance;
  httpUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

export async function startServer(config: AppConfig): Promise<RunningServer> {
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('server has no address');
  return {
    app,
    httpUrl: `http://127.0.0.1:${address.port}`,
    wsUrl: `ws://127.0.0.1:${address.port}/collab${CLIENT_VERSION_QUERY}`,
    close: () => app.close(),
  };
}

/** POST JSON and return status + parsed body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
export type Json = any;

export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

/** A person using the API: keeps their session cookie like a browser would. */
export class Person {
  readonly baseUrl: string;
  cookie = '';
  user: { id: string; email: string; name: string } | null = null;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('pilotis_session='));
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('json');
    return {
      status: response.status,
      body: json && text ? JSON.parse(text) : text || null,
      headers: response.headers,
    };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
  delete = (path: string) => this.request('DELETE', path);

  /** The session token (cookie value), for sockets. */
  get sessionCookie(): string {
    return this.cookie;
  }
}

let counter = 0;

/** Sign up a new person with a unique address; returns them signed in. */
export async function signUp(baseUrl: string, name = 'Camille Martin'): Promise<Person> {
  const person = new Person(baseUrl);
  counter += 1;
  const email = `personne.${Date.now()}.${counter}@example.org`;
  const password = 'un mot de passe solide';
  const reply = await person.post('/api/auth/signup', { email, password, name });
  if (reply.status === 202) {
    // A server with SMTP: the account waits for the link mailed to the fake SMTP server.
    const token = await signupLinkToken(email);
    const confirmed = await person.post('/api/auth/signup/confirm', { token, password });
    if (confirmed.status !== 200)
      throw new Error(`confirm failed: ${JSON.stringify(confirmed.body)}`);
    person.user = confirmed.body.user;
    return person;
  }
  if (reply.status !== 201) throw new Error(`signup failed: ${JSON.stringify(reply.body)}`);
  person.user = reply.body.user;
  return person;
}

/** The token of the sign-up confirmation link mailed to `email` (taken out of the fake inbox). */
export async function signupLinkToken(email: string): Promise<string> {
  const mail = await takeMail(email, '/inscription/');
  const token = /\/inscription\/([A-Za-z0-9_-]+)/.exec(mail)?.[1];
  if (!token) throw new Error(`no confirmation link in: ${mail}`);
  return token;
}

/** POST JSON without a session (for checks of what anonymous callers get). */
export async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A pilote with an organisation and a cycle of `year`. */
export async function createCycle(httpUrl: string, year = 2026, pilote?: Person) {
  const owner = pilote ?? (await signUp(httpUrl, 'Pauline Pilote'));
  const organisation = await owner.post('/api/organisations', { name: 'Association des Tests' });
  const cycle = await owner.post(`/api/organisations/${organisation.body.id}/cycles`, { year });
  if (cycle.status !== 201) throw new Error(`cycle creation failed: ${JSON.stringify(cycle.body)}`);
  return {
    ...(cycle.body as { id: string; organisationId: string; documentName: string }),
    pilote: owner,
  };
}

export interface TestClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  destroy(): void;
}

/** A WebSocket class that sends a session cookie (and optionally an Origin), as a browser would. */
export function cookieWebSocket(cookie: string, origin?: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {}, ...(origin ? { origin } : {}) });
      // A browser socket reports a handshake aborted by close() as a close event only; `ws` also emits
      // 'error', which would be thrown once the provider has removed its listeners on destroy.
      this.on('error', () => {});
    }
  };
}

/** A provider with its own Y.Doc, connected to `wsUrl` as `person`; resolves once synced. */
export async function connectClient(
  wsUrl: string,
  documentName: string,
  person?: Person,
): Promise<TestClient> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: cookieWebSocket(person?.cookie ?? ''),
    maxAttempts: 0,
    delay: 100,
    minDelay: 100,
    maxDelay: 500,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName,
    document: doc,
  });
  provider.attach();
  await waitFor(() => provider.isSynced, `${documentName} to sync`);
  return {
    doc,
    provider,
    socket,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Poll `condition` until true; fails after `timeoutMs` with a message naming what was awaited. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves once the server has acknowledged every update this client sent. */
export function acknowledged(client: TestClient): Promise<void> {
  return waitFor(() => !client.provider.hasUnsyncedChanges, 'acknowledgement');
}

/** The first row's label, the cell the collaboration tests type in. */
export function firstRowLabel(doc: Y.Doc): Y.Text {
  const row = readRows(doc)[0];
  if (!row) throw new Error('cycle has no rows');
  return rowText(doc, row.id, 'label');
}
