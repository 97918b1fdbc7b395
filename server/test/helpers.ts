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
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { AppConfig } from '../src/config.ts';

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
    wsUrl: `ws://127.0.0.1:${address.port}/collab`,
    close: () => app.close(),
  };
}

/** POST JSON and return status + parsed body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
export type Json = any;

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

/** Create an organisation and a cycle through the API; returns the cycle. */
export async function createCycle(httpUrl: string, year = 2026) {
  const organisation = await postJson(`${httpUrl}/api/organisations`, {
    name: 'Association des Tests',
  });
  const cycle = await postJson(`${httpUrl}/api/organisations/${organisation.body.id}/cycles`, {
    year,
  });
  if (cycle.status !== 201) throw new Error(`cycle creation failed: ${JSON.stringify(cycle.body)}`);
  return cycle.body as { id: string; organisationId: string; documentName: string };
}

export interface TestClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  destroy(): void;
}

/** A provider with its own Y.Doc, connected to `wsUrl`; resolves once synced. */
export async function connectClient(wsUrl: string, documentName: string): Promise<TestClient> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
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
