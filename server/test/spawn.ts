/**
 * The one server launcher of the repository, for server tests, e2e fixtures and benchmarks: start
 * a script (the server's entry point, by default) as a real child process, as `npm start` runs it
 * in production, and wait for the port it prints.
 *
 * - `spawnWithPort(env, script?, portPattern?, options?)`: any script that prints its port (the
 *   server, the bare Hocuspocus floor, a bench probe);
 * - `launchPilotis(env?)`: the Pilotis server on a free loopback port with its own empty PGlite
 *   directory (removed on stop) unless `env` names one, plus its HTTP and WebSocket addresses;
 * - `runToExit(env)`: the server run until it exits on its own (a bad configuration).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENT_VERSION_QUERY } from '@pilotis/shared';

export const SERVER_ENTRY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../src/server.ts',
);

/** What the server prints once it listens. */
const READY = /localhost:(\d+)/;

export interface SpawnedServer {
  child: ChildProcess;
  port: string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Extra Node flags for the child (added to SPAWN_NODE_ARGS), e.g. `--expose-gc`. */
  nodeArgs?: string[];
  /** Open an IPC channel (`child.send` / `process.send`), for bench probes. */
  ipc?: boolean;
}

/** Start `script` with this Node, `env` over the current environment, collecting its output. */
function launch(env: NodeJS.ProcessEnv, script: string, options: SpawnOptions = {}) {
  // SPAWN_NODE_ARGS: extra Node flags for the child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // to profile the server under a benchmark (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = process.env.SPAWN_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, ...(options.nodeArgs ?? []), script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  const log = { output: '' };
  child.stdout!.on('data', (chunk: Buffer) => (log.output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log.output += chunk.toString()));
  return { child, log };
}

export async function spawnWithPort(
  env: NodeJS.ProcessEnv,
  script = SERVER_ENTRY,
  portPattern = READY,
  options: SpawnOptions = {},
): Promise<SpawnedServer> {
  const { child, log } = launch(env, script, options);
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = portPattern.exec(log.output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) =>
      reject(new Error(`${path.basename(script)} exited (${code}):\n${log.output}`)),
    );
  });
  return {
    child,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface PilotisProcess extends SpawnedServer {
  /** http://127.0.0.1:<port> */
  httpUrl: string;
  /** The collaboration endpoint, with the client's schema version. */
  wsUrl: string;
  /** Stop, then remove the data directory if the launcher made it. */
  stop(): Promise<void>;
}

/**
 * The Pilotis server as `npm start` runs it, on a free port of 127.0.0.1, PGlite in a fresh
 * temporary directory, no Redis, warnings only; `env` overrides any of these (DATA_DIR and
 * DATABASE_URL to use a test's storage).
 */
export async function launchPilotis(
  env: NodeJS.ProcessEnv = {},
  options: SpawnOptions & { script?: string } = {},
): Promise<PilotisProcess> {
  const ownDir = env.DATA_DIR ? null : await mkdtemp(path.join(os.tmpdir(), 'pilotis-spawn-'));
  const server = await spawnWithPort(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: ownDir ?? undefined,
      DATABASE_URL: '',
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    options.script ?? SERVER_ENTRY,
    READY,
    options,
  ).catch(async (error: unknown) => {
    if (ownDir) await rm(ownDir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...server,
    httpUrl: `http://127.0.0.1:${server.port}`,
    wsUrl: `ws://127.0.0.1:${server.port}/collab${CLIENT_VERSION_QUERY}`,
    async stop() {
      await server.stop();
      if (ownDir) await rm(ownDir, { recursive: true, force: true });
    },
  };
}

/**
 * Run the server's entry point with `env` (on a free port of 127.0.0.1) until it exits on its own,
 * with its exit code and output. Should it start after all, it is killed at once, so that a test
 * fails on its assertions rather than on a timeout.
 */
export function runToExit(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  // A free port: a port that cannot be bound would also exit, the bad value must be what stops it.
  const { child, log } = launch({ PORT: '0', HOST: '127.0.0.1', ...env }, SERVER_ENTRY);
  child.stdout!.on('data', () => {
    if (log.output.includes('Pilotis est prêt')) child.kill('SIGKILL');
  });
  return new Promise((resolve) =>
    child.on('exit', (code) => resolve({ code, output: log.output })),
  );
}
