/**
 * The servers a scenario measures, each a child process started the way `npm start` starts
 * Pilotis: Pilotis itself (PGlite, or a fresh PostgreSQL database; Redis optional) and its floor,
 * a bare Hocuspocus 4 server in memory. Both carry loop-probe.ts, so that the benchmark can read
 * their event-loop delay and CPU share over a measuring window.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { CLIENT_VERSION_QUERY } from '@pilotis/shared';
import { spawnWithPort, type SpawnedServer } from '../../test/spawn.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const PROBE = `--import=${pathToFileURL(path.join(here, 'loop-probe.ts')).href}`;

/** Event-loop delay (ms) and CPU share (1 = one core) of a server over a window. */
export interface LoopStats {
  p50: number;
  p99: number;
  max: number;
  cpu: number;
}

export interface BenchServer {
  name: string;
  kind: 'pilotis' | 'floor';
  wsUrl: string;
  /** Pilotis only: HTTP base and the signed-in person's cookie. */
  httpUrl?: string;
  cookie?: string;
  /** Start a new measuring window of the server's event loop. */
  resetLoop(): Promise<LoopStats>;
  /** The event loop since the last reset. */
  readLoop(): Promise<LoopStats>;
  stop(): Promise<void>;
}

function loopReader(server: SpawnedServer): () => Promise<LoopStats> {
  return () =>
    new Promise((resolve, reject) => {
      let buffer = '';
      const onData = (chunk: Buffer) => {
        buffer += chunk.toString();
        const match = /event-loop-delay (\{.*\})\n/.exec(buffer);
        if (!match) return;
        server.child.stdout!.off('data', onData);
        clearTimeout(timer);
        resolve(JSON.parse(match[1]!) as LoopStats);
      };
      const timer = setTimeout(() => {
        server.child.stdout!.off('data', onData);
        reject(new Error('no event-loop report from the server'));
      }, 30_000);
      server.child.stdout!.on('data', onData);
      server.child.kill('SIGUSR2');
    });
}

function withProbe(): NodeJS.ProcessEnv {
  return { NODE_OPTIONS: [process.env.NODE_OPTIONS, PROBE].filter(Boolean).join(' ') };
}

/** The floor: a bare Hocuspocus 4 server, in memory, no extension. */
export async function startFloor(): Promise<BenchServer> {
  const server = await spawnWithPort(
    withProbe(),
    path.join(here, '..', 'bare-hocuspocus.ts'),
    /listening on (\d+)/,
  );
  const read = loopReader(server);
  return {
    name: 'floor (bare Hocuspocus 4)',
    kind: 'floor',
    wsUrl: `ws://127.0.0.1:${server.port}`,
    resetLoop: read,
    readLoop: read,
    stop: () => server.stop(),
  };
}

export interface PilotisOptions {
  /** PostgreSQL database URL; PGlite in a temporary directory when absent. */
  databaseUrl?: string;
  redisUrl?: string;
  name?: string;
}

/** Pilotis as `npm start` runs it, with one signed-up person (the bench's cookie). */
export async function startPilotis(options: PilotisOptions = {}): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-bench-'));
  const server = await spawnWithPort({
    ...withProbe(),
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl ?? '',
    REDIS_URL: options.redisUrl ?? '',
    LOG_LEVEL: 'warn',
    // Every bench client connects from 127.0.0.1: the per-address connection rate limit is for
    // the open internet, not for this load generator.
    COLLAB_CONNECTIONS_PER_MINUTE: '0',
    // The bench signs up from 127.0.0.1 at every run, and with Redis the count outlives the run.
    SIGNUPS_PER_HOUR: '100000',
  });
  const read = loopReader(server);
  const storage = options.databaseUrl ? 'PostgreSQL' : 'PGlite';
  return {
    name: options.name ?? `Pilotis (${storage}${options.redisUrl ? ' + Redis' : ''})`,
    kind: 'pilotis',
    wsUrl: `ws://127.0.0.1:${server.port}/collab${CLIENT_VERSION_QUERY}`,
    httpUrl: `http://127.0.0.1:${server.port}`,
    resetLoop: read,
    readLoop: read,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A JSON POST as the bench's person; keeps the session cookie it is given. */
async function post<T>(server: BenchServer, url: string, body: unknown): Promise<T> {
  const response = await fetch(`${server.httpUrl}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: server.cookie ?? '' },
    body: JSON.stringify(body),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('pilotis_session='));
  if (session) server.cookie = session.split(';')[0]!;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Sign the bench's person up; another instance on the same database takes the same cookie. */
export async function signUp(server: BenchServer): Promise<void> {
  await post(server, '/api/auth/signup', {
    email: 'banc@example.org',
    password: 'banc d’essai',
    name: 'Banc',
  });
}

/**
 * `count` cycles, each in its own organisation (one cycle per organisation and year), all the
 * bench person's: the names of their documents.
 */
export async function createCycles(server: BenchServer, count: number): Promise<string[]> {
  const names: string[] = new Array<string>(count);
  let next = 0;
  // A few at a time: scenario 3 needs 250 of them.
  await Promise.all(
    Array.from({ length: Math.min(8, count) }, async () => {
      while (next < count) {
        const i = next++;
        const organisation = await post<{ id: string }>(server, '/api/organisations', {
          name: `Banc d’essai ${i + 1}`,
        });
        const cycle = await post<{ documentName: string }>(
          server,
          `/api/organisations/${organisation.id}/cycles`,
          { year: 2026 },
        );
        names[i] = cycle.documentName;
      }
    }),
  );
  return names;
}

/** Admin connection used to create and drop the run's database. */
const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, empty PostgreSQL database for one run; `drop()` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const database = `pilotis_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}
